// Small topologies shared by the Mermaid tests.
import type { Endpoint, Topology, Transport } from "../../src/index.js";

const publish = (exchangeName: string, routingKey?: string): Endpoint => ({
  direction: "publish",
  pattern: "event-stream",
  exchangeName,
  exchangeKind: "topic",
  ...(routingKey === undefined ? {} : { routingKey }),
});

const consume = (exchangeName: string, queueName: string, routingKey: string): Endpoint => ({
  direction: "consume",
  pattern: "event-stream",
  exchangeName,
  exchangeKind: "topic",
  queueName,
  routingKey,
});

/** What the NATS transport declares for an event flow and a request-reply pair (section 5.1). */
export const natsSystem: Topology[] = [
  {
    transport: "nats",
    serviceName: "orders",
    endpoints: [publish("events"), consume("events", "orders", "Payment.#")],
  },
  {
    transport: "nats",
    serviceName: "billing",
    endpoints: [
      consume("events", "billing", "Order.Created"),
      {
        direction: "consume",
        pattern: "service-request",
        exchangeName: "billing",
        exchangeKind: "direct",
        queueName: "billing",
        routingKey: "Invoice.Create",
      },
    ],
  },
  {
    transport: "nats",
    serviceName: "web-app",
    endpoints: [
      { direction: "publish", pattern: "service-request", exchangeName: "billing", exchangeKind: "direct" },
      {
        direction: "consume",
        pattern: "service-response",
        exchangeName: "billing",
        exchangeKind: "headers",
        queueName: "web-app",
        routingKey: "Invoice.Create",
      },
    ],
  },
];

/** The same event published by one service over both transports. */
export function bothTransports(service = "orders"): Topology[] {
  const of = (transport: Transport, exchange: string): Topology => ({
    transport,
    serviceName: service,
    endpoints: [publish(exchange, "Order.Created")],
  });
  return [of("amqp", "events.topic.exchange"), of("nats", "events")];
}

/** An AMQP request-reply pair: dashed service-response arrows, all three exchange shapes. */
export const amqpRequestReply: Topology[] = [
  {
    transport: "amqp",
    serviceName: "mailer",
    endpoints: [
      {
        direction: "consume",
        pattern: "service-request",
        exchangeName: "mailer.direct.exchange.request",
        exchangeKind: "direct",
        queueName: "mailer.direct.exchange.request.queue",
        routingKey: "mail.send",
      },
      {
        direction: "publish",
        pattern: "service-response",
        exchangeName: "mailer.headers.exchange.response",
        exchangeKind: "headers",
      },
      consume("events.topic.exchange", "events.topic.exchange.queue.mailer", "User.Created"),
    ],
  },
  {
    transport: "amqp",
    serviceName: "signup",
    endpoints: [
      publish("events.topic.exchange", "User.Created"),
      {
        direction: "publish",
        pattern: "service-request",
        exchangeName: "mailer.direct.exchange.request",
        exchangeKind: "direct",
        routingKey: "mail.send",
      },
      {
        direction: "consume",
        pattern: "service-response",
        exchangeName: "mailer.headers.exchange.response",
        exchangeKind: "headers",
        queueName: "mailer.headers.exchange.response.queue.signup",
      },
    ],
  },
];

export { consume, publish };
