import { notify } from "@natsflux/core/internal";
import type { Logger } from "../logger.js";

/**
 * Wraps the service's logger once, where the facade takes it, so a logger that throws can never break what
 * is being logged about (an error reply still goes out, a message is still settled). Its first failure is
 * written to stderr; later ones are dropped, since the logger is what would report them.
 */
export function guardedLogger(logger: Logger): Logger {
  let reported = false;
  const guard =
    (level: keyof Logger) =>
    (message: string, attributes?: Record<string, unknown>): void =>
      notify(
        (line: string) => logger[level](line, attributes),
        message,
        (error) => {
          if (reported) return;
          reported = true;
          console.error(
            `natsflux: the logger threw while logging "${message}"; later failures are ignored`,
            error,
          );
        },
      );
  return { debug: guard("debug"), info: guard("info"), warn: guard("warn"), error: guard("error") };
}
