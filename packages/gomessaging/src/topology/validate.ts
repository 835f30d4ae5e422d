import type { Endpoint, Topology } from "./types.js";

// Go quotes names with %q; JSON string syntax is the same for anything a broker name can hold.
const quote = JSON.stringify;

const amqpSuffixByKind: Readonly<Record<string, string>> = {
  topic: ".topic.exchange",
  direct: ".direct.exchange.request",
  headers: ".headers.exchange.response",
};
const amqpSuffixes = Object.values(amqpSuffixByKind);

function transportNamingError(transport: string | undefined, endpoint: Endpoint): string | null {
  const name = endpoint.exchangeName;
  if (transport === "amqp") {
    const suffix = amqpSuffixByKind[endpoint.exchangeKind];
    if (suffix !== undefined && !name.endsWith(suffix)) {
      return `${endpoint.exchangeKind} exchange ${quote(name)} must end with ${suffix}`;
    }
  } else if (transport === "nats") {
    const suffix = amqpSuffixes.find((s) => name.endsWith(s));
    if (suffix !== undefined) return `NATS exchange ${quote(name)} must not use AMQP suffix ${quote(suffix)}`;
    if (/[ \t\n\r]/u.test(name)) return `NATS exchange ${quote(name)} must not contain whitespace`;
  }
  // Unknown or missing transport: no naming rules to apply.
  return null;
}

function endpointErrors(transport: string | undefined, endpoint: Endpoint, i: number): string[] {
  const errors: string[] = [];
  const routingKey = endpoint.routingKey ?? "";
  if (endpoint.exchangeName === "") errors.push("exchange name must not be empty");
  if (endpoint.direction === "consume" && !endpoint.queueName && !endpoint.ephemeral) {
    errors.push("consume endpoint must have a queue name");
  }
  if (routingKey === "" && endpoint.exchangeKind !== "headers") {
    errors.push(`routing key must not be empty for ${endpoint.exchangeKind} exchange`);
  }
  if (routingKey.includes(">")) {
    errors.push("routing key must not contain '>' (use '#' for multi-level wildcard)");
  }
  const naming = transportNamingError(transport, endpoint);
  if (naming !== null) errors.push(naming);
  return errors.map((error) => `endpoint[${i}]: ${error}`);
}

/**
 * Checks one service's topology: structure first, then the transport's naming rules.
 * Returns every problem, one per line, in endpoint order, or `null` when there is none.
 */
export function validate(topology: Topology): string | null {
  if (!topology.serviceName) return "service name must not be empty";
  const errors = (topology.endpoints ?? []).flatMap((endpoint, i) =>
    endpointErrors(topology.transport, endpoint, i),
  );
  return errors.length > 0 ? errors.join("\n") : null;
}
