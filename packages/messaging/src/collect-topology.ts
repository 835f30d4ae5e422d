import { type Topology, Transports } from "@natsflux/gomessaging";
import { declareEndpoints } from "./declare-endpoints.js";
import { silentLogger } from "./logger.js";
import { planConsumerGroups } from "./plan/consumer-groups.js";
import { resolveConfig } from "./resolve-config.js";
import type { Setup } from "./setup.js";

/**
 * The topology `setups` declare for `serviceName`, without connecting (Go: `CollectTopology`).
 * Validation runs as in `start()`, so a bad setup throws here too.
 */
export function collectTopology(serviceName: string, ...setups: Setup[]): Topology {
  const config = resolveConfig(serviceName, { logger: silentLogger }, setups);
  const declarations = declareEndpoints(config, setups);
  planConsumerGroups(declarations.streamConsumers, config.consumerDefaults);
  return { transport: Transports.nats, serviceName, endpoints: declarations.endpoints };
}
