import { describeTransportConformance } from "@natsflux/testing/conformance";
import {
  MemoryBroker,
  MemoryPublisher,
  MemoryRequester,
  MemoryResponder,
  MemorySubscriber,
} from "../src/index.js";

let tests = 0;

describeTransportConformance({
  name: "memory",
  capabilities: { slowConsumer: true },
  async setup() {
    const broker = new MemoryBroker();
    return {
      prefix: `conf.t${++tests}`,
      publisher: (codec) => new MemoryPublisher(broker, codec),
      subscriber: (codec) => new MemorySubscriber(broker, codec),
      requester: (requestCodec, responseCodec) => new MemoryRequester(broker, requestCodec, responseCodec),
      responder: (requestCodec, responseCodec) => new MemoryResponder(broker, requestCodec, responseCodec),
      async publishRaw(subject, data, headers = {}) {
        broker.publish({ subject, data, headers });
      },
      async teardown() {
        if (broker.subscriptionCount !== 0) {
          throw new Error(`${broker.subscriptionCount} broker subscription(s) left after the test`);
        }
      },
    };
  },
});

describeTransportConformance({
  name: "memory (random queue groups)",
  capabilities: { wildcards: true, requestReply: true, queueGroups: true, slowConsumer: true },
  async setup() {
    const broker = new MemoryBroker({ queueStrategy: "random" });
    return {
      prefix: `conf.r${++tests}`,
      publisher: (codec) => new MemoryPublisher(broker, codec),
      subscriber: (codec) => new MemorySubscriber(broker, codec),
      requester: (requestCodec, responseCodec) => new MemoryRequester(broker, requestCodec, responseCodec),
      responder: (requestCodec, responseCodec) => new MemoryResponder(broker, requestCodec, responseCodec),
      async publishRaw(subject, data, headers = {}) {
        broker.publish({ subject, data, headers });
      },
      async teardown() {},
    };
  },
});

describeTransportConformance({
  name: "memory (no request-reply)",
  async setup() {
    const broker = new MemoryBroker();
    return {
      prefix: `conf.n${++tests}`,
      publisher: (codec) => new MemoryPublisher(broker, codec),
      subscriber: (codec) => new MemorySubscriber(broker, codec),
      async publishRaw(subject, data, headers = {}) {
        broker.publish({ subject, data, headers });
      },
      async teardown() {},
    };
  },
});
