import { ConfigError } from "@natsflux/core";
import { assertStreamName, natsStreamName } from "@natsflux/spec";
import type { ConsumerDefaults, FacadeConfig } from "../config.js";
import type { Logger } from "../logger.js";
import type { ErrorNotificationHandler, NotificationHandler } from "../notifications.js";
import type { OptionSetup } from "../setup.js";
import { type StreamLimits, validateStreamLimits } from "../stream-limits.js";

function option(description: string, apply: (config: FacadeConfig) => void): OptionSetup {
  return { kind: "option", description, apply };
}

export function withLogger(logger: Logger): OptionSetup {
  return option("withLogger()", (c) => {
    c.logger = logger;
  });
}

/** How long a service publisher waits for a reply, in ms (default 30 000). */
export function withRequestTimeout(timeoutMs: number): OptionSetup {
  return option(`withRequestTimeout(${timeoutMs})`, (c) => {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ConfigError("requestTimeout", `request timeout must be positive, got ${timeoutMs}`);
    }
    c.requestTimeout = timeoutMs;
  });
}

/** Retention limits for every stream without its own `withStreamConfig`. */
export function withStreamDefaults(limits: StreamLimits): OptionSetup {
  return option("withStreamDefaults()", (c) => {
    c.streamDefaults = validateStreamLimits("streamDefaults", limits);
  });
}

/** Limits of one stream; they replace the defaults entirely (fields are not merged). */
export function withStreamConfig(stream: string, limits: StreamLimits): OptionSetup {
  return option(`withStreamConfig(${JSON.stringify(stream)})`, (c) => {
    if (stream === "") throw new ConfigError("stream", "stream name must not be empty");
    const name = natsStreamName(stream);
    assertStreamName(name);
    c.streams.set(name, validateStreamLimits(`streams.${name}`, limits));
  });
}

/** Connection-wide MaxDeliver and BackOff for consumers that set none themselves. */
export function withConsumerDefaults(defaults: ConsumerDefaults): OptionSetup {
  return option("withConsumerDefaults()", (c) => {
    const { maxDeliver, backOff } = defaults;
    if (maxDeliver !== undefined && (!Number.isInteger(maxDeliver) || maxDeliver < 0)) {
      throw new ConfigError("consumerDefaults.maxDeliver", `MaxDeliver must be >= 0, got ${maxDeliver}`);
    }
    backOff?.forEach((d, i) => {
      if (!Number.isFinite(d) || d <= 0) {
        throw new ConfigError(`consumerDefaults.backOff[${i}]`, `must be a positive number of ms, got ${d}`);
      }
    });
    c.consumerDefaults = { ...defaults };
  });
}

/** Called after each successfully handled message (Go: `WithNotificationChannel`). */
export function withNotificationHandler(handler: NotificationHandler): OptionSetup {
  return option("withNotificationHandler()", (c) => {
    c.onNotification = handler;
  });
}

/** Called after each failed message (Go: `WithErrorChannel`). */
export function withErrorHandler(handler: ErrorNotificationHandler): OptionSetup {
  return option("withErrorHandler()", (c) => {
    c.onError = handler;
  });
}
