// AMQP broker names of the gomessaging specification. A NATS library never declares them, so they live
// here, as the test model the naming and topology fixtures (which cover both transports) are checked with.

const topicSuffix = ".topic.exchange";

/** `{name}.topic.exchange`: the exchange of an event or custom stream. */
export function topicExchangeName(name: string): string {
  return `${name}${topicSuffix}`;
}

/** `{exchangeName}.queue.{service}`: a service's durable queue on a topic exchange. */
export function serviceEventQueueName(exchangeName: string, service: string): string {
  return `${exchangeName}.queue.${service}`;
}

/** `{service}.direct.exchange.request`: where requests to `service` are sent. */
export function serviceRequestExchangeName(service: string): string {
  return `${service}.direct.exchange.request`;
}

/** `{service}.headers.exchange.response`: where `service` sends its responses. */
export function serviceResponseExchangeName(service: string): string {
  return `${service}.headers.exchange.response`;
}

/** `{service}.direct.exchange.request.queue`: the queue `service` takes requests from. */
export function serviceRequestQueueName(service: string): string {
  return `${serviceRequestExchangeName(service)}.queue`;
}

/** `{targetService}.headers.exchange.response.queue.{serviceName}`: the caller's response queue. */
export function serviceResponseQueueName(targetService: string, serviceName: string): string {
  return `${serviceResponseExchangeName(targetService)}.queue.${serviceName}`;
}
