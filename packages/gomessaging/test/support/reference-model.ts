// A test-only model of what each setup intent declares, built from the naming functions, so the
// topology fixture checks that those functions produce the names the scenarios expect. The real
// setup functions live in @natsflux/messaging.
import type {
  AmqpBrokerExpectation,
  ExpectedEndpoint,
  NatsBrokerExpectation,
  SetupIntent,
} from "../../src/fixtures/index.js";
import {
  DefaultEventExchangeName,
  type Endpoint,
  natsConsumerFilterSubject,
  natsDurableName,
  natsStreamName,
  natsStreamSubjects,
} from "../../src/index.js";
import {
  serviceEventQueueName,
  serviceRequestExchangeName,
  serviceRequestQueueName,
  serviceResponseExchangeName,
  serviceResponseQueueName,
  topicExchangeName,
} from "./amqp-names.js";

const isStream = (i: SetupIntent): boolean => i.pattern === "event-stream" || i.pattern === "custom-stream";
const logicalStream = (i: SetupIntent): string =>
  i.pattern === "event-stream" ? DefaultEventExchangeName : (i.exchange ?? "");
// A custom stream named "events" is the event stream (Go compares the raw argument).
const streamPattern = (i: SetupIntent): Endpoint["pattern"] =>
  logicalStream(i) === DefaultEventExchangeName ? "event-stream" : "custom-stream";

function fail(intent: SetupIntent): never {
  throw new Error(`unsupported intent ${intent.pattern}/${intent.direction}`);
}

export function natsEndpoint(service: string, i: SetupIntent): ExpectedEndpoint {
  const key = `${i.pattern}/${i.direction}`;
  if (isStream(i)) {
    const base = {
      direction: i.direction as Endpoint["direction"],
      pattern: streamPattern(i),
      exchangeName: natsStreamName(logicalStream(i)),
      exchangeKind: "topic",
    } as const;
    if (i.direction === "publish") return base;
    if (i.ephemeral) return { ...base, routingKey: i.routingKey, ephemeral: true };
    return { ...base, queueName: natsDurableName(service, i.queueSuffix), routingKey: i.routingKey };
  }
  const target = i.targetService ?? "";
  switch (key) {
    case "service-request/consume":
      return {
        direction: "consume",
        pattern: "service-request",
        exchangeName: service,
        exchangeKind: "direct",
        queueName: service,
        routingKey: i.routingKey,
      };
    case "service-request/publish":
      return {
        direction: "publish",
        pattern: "service-request",
        exchangeName: target,
        exchangeKind: "direct",
      };
    case "service-response/consume":
      return {
        direction: "consume",
        pattern: "service-response",
        exchangeName: target,
        exchangeKind: "headers",
        queueName: service,
        routingKey: i.routingKey,
      };
    case "queue-publish/publish":
      return {
        direction: "publish",
        pattern: "queue-publish",
        exchangeName: i.destinationQueue ?? "",
        exchangeKind: "",
        queueName: i.destinationQueue,
      };
    default:
      return fail(i);
  }
}

export function amqpEndpoint(service: string, i: SetupIntent): ExpectedEndpoint {
  const key = `${i.pattern}/${i.direction}`;
  if (isStream(i)) {
    const exchangeName = topicExchangeName(logicalStream(i));
    const base = {
      direction: i.direction as Endpoint["direction"],
      pattern: streamPattern(i),
      exchangeName,
      exchangeKind: "topic",
    } as const;
    if (i.direction === "publish") return base;
    const queue = serviceEventQueueName(exchangeName, service);
    if (i.ephemeral)
      return { ...base, queueNamePrefix: `${queue}-`, routingKey: i.routingKey, ephemeral: true };
    return { ...base, queueName: queue, routingKey: i.routingKey };
  }
  const target = i.targetService ?? "";
  switch (key) {
    case "service-request/consume":
      return {
        direction: "consume",
        pattern: "service-request",
        exchangeName: serviceRequestExchangeName(service),
        exchangeKind: "direct",
        queueName: serviceRequestQueueName(service),
        routingKey: i.routingKey,
      };
    case "service-request/publish":
      return {
        direction: "publish",
        pattern: "service-request",
        exchangeName: serviceRequestExchangeName(target),
        exchangeKind: "direct",
      };
    case "service-response/consume":
      return {
        direction: "consume",
        pattern: "service-response",
        exchangeName: serviceResponseExchangeName(target),
        exchangeKind: "headers",
        queueName: serviceResponseQueueName(target, service),
        routingKey: i.routingKey,
      };
    case "queue-publish/publish":
      return {
        direction: "publish",
        pattern: "queue-publish",
        exchangeName: "(default)",
        exchangeKind: "",
        queueName: i.destinationQueue,
      };
    default:
      return fail(i);
  }
}

/** Streams and consumers the Go NATS transport creates for these intents (TCK section 8.4). */
export function natsBroker(service: string, intents: readonly SetupIntent[]): NatsBrokerExpectation {
  const streams = new Map<string, { name: string; subjects: string[]; storage: string }>();
  const consumers: Array<NatsBrokerExpectation["consumers"][number]> = [];
  for (const i of intents.filter(isStream)) {
    const stream = natsStreamName(logicalStream(i));
    if (!streams.has(stream))
      streams.set(stream, { name: stream, subjects: natsStreamSubjects(stream), storage: "file" });
    if (i.direction !== "consume") continue;
    const filterSubject = natsConsumerFilterSubject(stream, i.routingKey ?? "");
    consumers.push(
      i.ephemeral
        ? { stream, filterSubject, ackPolicy: "explicit" }
        : { stream, durable: natsDurableName(service, i.queueSuffix), filterSubject, ackPolicy: "explicit" },
    );
  }
  return { streams: [...streams.values()], consumers };
}

export interface AmqpNames {
  readonly exchanges: string[];
  readonly queues: string[];
  readonly bindings: string[];
}

/** The AMQP broker resources as sorted name strings (declaration flags are AMQP transport details). */
export function amqpNames(broker: AmqpBrokerExpectation): AmqpNames {
  return {
    exchanges: broker.exchanges.map((e) => `${e.type} ${e.name}`).sort(),
    queues: broker.queues.map((q) => q.name ?? `${q.namePrefix}*`).sort(),
    bindings: broker.bindings
      .map((b) => `${b.source} -> ${b.destination ?? `${b.destinationPrefix}*`} [${b.routingKey}]`)
      .sort(),
  };
}

/** The AMQP resources implied by the intents, derived from the endpoints the model declares. */
export function amqpBroker(service: string, intents: readonly SetupIntent[]): AmqpNames {
  const exchanges = new Set<string>();
  const queues = new Set<string>();
  const bindings = new Set<string>();
  for (const i of intents) {
    const ep = amqpEndpoint(service, i);
    if (i.pattern === "queue-publish") continue; // the default exchange is not declared
    exchanges.add(`${ep.exchangeKind} ${ep.exchangeName}`);
    // A request consumer also declares the exchange its responses go out on.
    if (i.pattern === "service-request" && i.direction === "consume") {
      exchanges.add(`headers ${serviceResponseExchangeName(service)}`);
    }
    if (i.direction !== "consume") continue;
    const queue = ep.queueName ?? `${ep.queueNamePrefix}*`;
    queues.add(queue);
    bindings.add(`${ep.exchangeName} -> ${queue} [${ep.routingKey}]`);
  }
  return { exchanges: [...exchanges].sort(), queues: [...queues].sort(), bindings: [...bindings].sort() };
}
