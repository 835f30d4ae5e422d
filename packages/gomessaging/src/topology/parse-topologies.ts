import { TopologyShapeError } from "../errors/topology-shape-error.js";
import { Directions, ExchangeKinds, Patterns, type Transport, Transports } from "./kinds.js";
import type { Endpoint, Topology } from "./types.js";

type Json = Readonly<Record<string, unknown>>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const transports: readonly string[] = Object.values(Transports);
const directions: readonly string[] = Object.values(Directions);
const patterns: readonly string[] = Object.values(Patterns);
// Queue-publish endpoints carry the empty kind.
const exchangeKinds: readonly string[] = [...Object.values(ExchangeKinds), ""];

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(obj: Json, key: string, allowed: readonly string[], path: string): T {
  const value = obj[key];
  if (typeof value !== "string" || !allowed.includes(value)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(", ");
    throw new TopologyShapeError(`${path}.${key}`, `must be one of ${list}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function optional<T>(obj: Json, key: string, type: "string" | "boolean", path: string): T | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) {
    throw new TopologyShapeError(`${path}.${key}`, `must be a ${type}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function parseEndpoint(value: unknown, path: string): Endpoint {
  if (!isObject(value)) throw new TopologyShapeError(path, "must be an endpoint object");
  const exchangeName = optional<string>(value, "exchangeName", "string", path);
  if (exchangeName === undefined) throw new TopologyShapeError(`${path}.exchangeName`, "is required");
  const endpoint: Mutable<Endpoint> = {
    direction: oneOf(value, "direction", directions, path),
    pattern: oneOf(value, "pattern", patterns, path),
    exchangeName,
    exchangeKind: oneOf(value, "exchangeKind", exchangeKinds, path),
  };
  // Absent optionals stay absent, as in Go's omitempty encoding.
  for (const key of ["queueName", "routingKey", "messageType"] as const) {
    const text = optional<string>(value, key, "string", path);
    if (text !== undefined) endpoint[key] = text;
  }
  const ephemeral = optional<boolean>(value, "ephemeral", "boolean", path);
  if (ephemeral !== undefined) endpoint.ephemeral = ephemeral;
  return endpoint;
}

function parseTopology(value: unknown, path: string): Topology {
  if (!isObject(value)) throw new TopologyShapeError(path, "must be a topology object");
  const serviceName = value.serviceName;
  if (typeof serviceName !== "string") {
    throw new TopologyShapeError(
      `${path}.serviceName`,
      `must be a string, got ${JSON.stringify(serviceName)}`,
    );
  }
  const rawEndpoints = value.endpoints ?? [];
  if (!Array.isArray(rawEndpoints))
    throw new TopologyShapeError(`${path}.endpoints`, "must be an array or null");
  const endpoints = rawEndpoints.map((ep, i) => parseEndpoint(ep, `${path}.endpoints[${i}]`));
  if (value.transport === undefined || value.transport === null || value.transport === "") {
    return { serviceName, endpoints };
  }
  return { transport: oneOf<Transport>(value, "transport", transports, path), serviceName, endpoints };
}

/**
 * Checks that decoded JSON is one topology or an array of them (the shape Go's `Topology` encodes to)
 * and returns them as a list. Throws `TopologyShapeError` naming the first offending value, e.g.
 * `$[1].endpoints[0].direction`. Says nothing about validity: run `validate` for that.
 */
export function parseTopologies(value: unknown): Topology[] {
  if (Array.isArray(value)) return value.map((t, i) => parseTopology(t, `$[${i}]`));
  return [parseTopology(value, "$")];
}
