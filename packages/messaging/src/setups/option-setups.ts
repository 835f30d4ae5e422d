import type { ConsumerDefaults, FacadeOptions } from "../connection-options.js";
import type { Logger } from "../logger.js";
import type { ErrorNotificationHandler, NotificationHandler } from "../notifications.js";
import type { OptionSetup } from "../setup.js";
import type { StreamLimits } from "../stream-limits.js";

// Option setups only carry options: resolveConfig checks them by the rules createConnection's options follow.

export function optionSetup(description: string, options: FacadeOptions): OptionSetup {
  return { kind: "option", description, options };
}

export function withLogger(logger: Logger): OptionSetup {
  return optionSetup("withLogger()", { logger });
}

/** How long a service publisher waits for a reply, in ms (default 30 000). */
export function withRequestTimeout(timeoutMs: number): OptionSetup {
  return optionSetup(`withRequestTimeout(${timeoutMs})`, { requestTimeout: timeoutMs });
}

/** Retention limits for every stream without its own `withStreamConfig`. */
export function withStreamDefaults(limits: StreamLimits): OptionSetup {
  return optionSetup("withStreamDefaults()", { streamDefaults: limits });
}

/** Limits of one stream; they replace the defaults entirely (fields are not merged). */
export function withStreamConfig(stream: string, limits: StreamLimits): OptionSetup {
  return optionSetup(`withStreamConfig(${JSON.stringify(stream)})`, { streams: { [stream]: limits } });
}

/** Connection-wide MaxDeliver and BackOff for consumers that set none themselves. */
export function withConsumerDefaults(defaults: ConsumerDefaults): OptionSetup {
  return optionSetup("withConsumerDefaults()", { consumerDefaults: defaults });
}

/** Called after each successfully handled message (Go: `WithNotificationChannel`). */
export function withNotificationHandler(handler: NotificationHandler): OptionSetup {
  return optionSetup("withNotificationHandler()", { onNotification: handler });
}

/** Called after each failed message (Go: `WithErrorChannel`). */
export function withErrorHandler(handler: ErrorNotificationHandler): OptionSetup {
  return optionSetup("withErrorHandler()", { onError: handler });
}
