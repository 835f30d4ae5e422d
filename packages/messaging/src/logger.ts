/** Structured logger the facade reports to. Attributes never carry credentials. */
export interface Logger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * Writes one line per entry to the console at or above `level`, tagged with the service name
 * (like Go's `slog.Default().With("service", name)`).
 */
export function consoleLogger(service: string, level: LogLevel = "info"): Logger {
  const min = rank[level];
  const write = (at: Exclude<LogLevel, "silent">, message: string, attributes?: Record<string, unknown>) => {
    if (rank[at] < min) return;
    const line = JSON.stringify({ level: at, service, msg: message, ...attributes }, errorReplacer);
    if (at === "error" || at === "warn") console.error(line);
    else console.log(line);
  };
  return {
    debug: (m, a) => write("debug", m, a),
    info: (m, a) => write("info", m, a),
    warn: (m, a) => write("warn", m, a),
    error: (m, a) => write("error", m, a),
  };
}

/** Discards everything (what `collectTopology` uses). */
export const silentLogger: Logger = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
});

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}
