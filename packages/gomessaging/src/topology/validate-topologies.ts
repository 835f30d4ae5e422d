import type { Topology } from "./types.js";
import { validate } from "./validate.js";

const quote = JSON.stringify;

// Consumers of wildcard keys are meant to match many publishers, so they are not cross-checked.
const wildcard = /[#*>]/u;

function crossCheck(group: readonly Topology[]): string[] {
  const published = new Set<string>();
  for (const topology of group) {
    for (const endpoint of topology.endpoints ?? []) {
      if (endpoint.direction === "publish" && endpoint.routingKey) {
        published.add(JSON.stringify([endpoint.exchangeName, endpoint.routingKey]));
      }
    }
  }
  const errors: string[] = [];
  for (const topology of group) {
    for (const endpoint of topology.endpoints ?? []) {
      const routingKey = endpoint.routingKey;
      if (endpoint.direction !== "consume" || !routingKey || wildcard.test(routingKey)) continue;
      if (!published.has(JSON.stringify([endpoint.exchangeName, routingKey]))) {
        errors.push(
          `service ${quote(topology.serviceName)} consumes ${quote(routingKey)} on exchange ${quote(endpoint.exchangeName)} but no service publishes it`,
        );
      }
    }
  }
  return errors;
}

/**
 * Validates each topology (errors prefixed with `service "name": `), then checks across services
 * of the same transport that every exact-key consumer has a publisher of that key on that exchange.
 * Transports are checked in order of first appearance (Go's order is random). `null` when all is well.
 */
export function validateTopologies(topologies: readonly Topology[]): string | null {
  const errors: string[] = [];
  for (const topology of topologies) {
    const error = validate(topology);
    if (error !== null) errors.push(`service ${quote(topology.serviceName)}: ${error}`);
  }
  const groups = new Map<string | undefined, Topology[]>();
  for (const topology of topologies) {
    const group = groups.get(topology.transport);
    if (group === undefined) groups.set(topology.transport, [topology]);
    else group.push(topology);
  }
  for (const group of groups.values()) errors.push(...crossCheck(group));
  return errors.length > 0 ? errors.join("\n") : null;
}
