import { ConfigError } from "@natsflux/core";
import { type Topology, Transports } from "@natsflux/spec";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "./config.js";
import { declare } from "./connection.js";
import { silentLogger } from "./logger.js";
import { planConsumerGroups } from "./plan/consumer-groups.js";
import type { Setup } from "./setup.js";
import { tracingSettings } from "./tracing-options.js";

/**
 * The topology `setups` declare for `serviceName`, without connecting (Go: `CollectTopology`).
 * Validation runs as in `start()`, so a bad setup throws here too.
 */
export function collectTopology(serviceName: string, ...setups: Setup[]): Topology {
  if (!serviceName) throw new ConfigError("serviceName", "service name must not be empty");
  const config = {
    serviceName,
    logger: silentLogger,
    tracing: tracingSettings({}),
    requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
    streamDefaults: {},
    streams: new Map(),
    consumerDefaults: {},
    onNotification: undefined,
    onError: undefined,
  };
  const declarations = declare(config, setups);
  planConsumerGroups(declarations.streamConsumers, config.consumerDefaults);
  return { transport: Transports.nats, serviceName, endpoints: declarations.endpoints };
}
