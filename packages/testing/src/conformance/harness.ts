import { jsonCodec } from "@natsflux/codec-json";
import type {
  Closable,
  Codec,
  HandlerContext,
  Message,
  Publisher,
  Requester,
  Responder,
  StatusEvent,
  Subscriber,
} from "@natsflux/core";
import type { ConformanceContext, ConformanceTarget } from "./types.js";
import { waitFor, within } from "./wait-for.js";

const closeTimeoutMs = 10_000;

/** A latch a test opens to let blocked handlers finish; teardown opens any left shut. */
export interface Gate {
  readonly opened: Promise<void>;
  open(): void;
}

/**
 * Per-test state of the suite: the transport's context and everything the test created through it, so
 * teardown can close it all (in reverse order) before the context's own teardown.
 */
export class Harness {
  readonly target: ConformanceTarget;
  #context: ConformanceContext | undefined;
  #resources: Closable[] = [];
  #gates: Gate[] = [];

  constructor(target: ConformanceTarget) {
    this.target = target;
  }

  get ctx(): ConformanceContext {
    if (this.#context === undefined) throw new Error("conformance context used outside a test");
    return this.#context;
  }

  get hasRequestReply(): boolean {
    return this.ctx.requester !== undefined && this.ctx.responder !== undefined;
  }

  async setup(): Promise<void> {
    this.#context = await this.target.setup();
  }

  async teardown(): Promise<void> {
    const context = this.#context;
    this.#context = undefined;
    for (const gate of this.#gates.splice(0)) gate.open();
    const errors: unknown[] = [];
    for (const resource of this.#resources.splice(0).reverse()) {
      await within(resource.close(), closeTimeoutMs, "closing a test resource").catch((e) => errors.push(e));
    }
    if (context !== undefined) {
      await within(context.teardown(), closeTimeoutMs, "context teardown").catch((e) => errors.push(e));
    }
    if (errors.length > 0) throw errors[0];
  }

  /** `<prefix>.<tokens...>` */
  subject(...tokens: string[]): string {
    return [this.ctx.prefix, ...tokens].join(".");
  }

  publisher<T = unknown>(codec: Codec<T> = jsonCodec<T>()): Publisher<T, unknown> {
    return this.track(this.ctx.publisher(codec));
  }

  subscriber<T = unknown>(codec: Codec<T> = jsonCodec<T>()): Subscriber<T, Message<T>, string> {
    return this.track(this.ctx.subscriber(codec));
  }

  requester<Req = unknown, Resp = unknown>(
    requestCodec: Codec<Req> = jsonCodec<Req>(),
    responseCodec: Codec<Resp> = jsonCodec<Resp>(),
  ): Requester<Req, Resp> {
    const ctx = this.ctx;
    if (ctx.requester === undefined) throw new Error(`${this.target.name} has no requester`);
    return this.track(ctx.requester(requestCodec, responseCodec));
  }

  responder<Req = unknown, Resp = unknown>(
    requestCodec: Codec<Req> = jsonCodec<Req>(),
    responseCodec: Codec<Resp> = jsonCodec<Resp>(),
  ): Responder<Req, Resp> {
    const ctx = this.ctx;
    if (ctx.responder === undefined) throw new Error(`${this.target.name} has no responder`);
    return this.track(ctx.responder(requestCodec, responseCodec));
  }

  /** Closed at teardown, before anything created earlier. */
  track<C extends Closable>(resource: C): C {
    this.#resources.push(resource);
    return resource;
  }

  gate(): Gate {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const gate = { opened, open };
    this.#gates.push(gate);
    return gate;
  }
}

/** Records what a handler received and the status events of its subscription. */
export class Recorder<T> {
  readonly messages: Message<T>[] = [];
  readonly contexts: HandlerContext[] = [];
  readonly events: StatusEvent[] = [];

  readonly handler = (message: Message<T>, context: HandlerContext): void => {
    this.messages.push(message);
    this.contexts.push(context);
  };

  readonly onStatus = (event: StatusEvent): void => {
    this.events.push(event);
  };

  get payloads(): T[] {
    return this.messages.map((m) => m.payload);
  }

  handlerErrors(): unknown[] {
    return this.events.flatMap((e) => (e.type === "handler_error" ? [e.error] : []));
  }

  waitForMessages(count: number, timeoutMs = 5000): Promise<void> {
    return waitFor(
      () => this.messages.length >= count,
      timeoutMs,
      () => `${count} message(s); got ${this.messages.length}: ${JSON.stringify(this.payloads)}`,
    );
  }

  waitForHandlerErrors(count: number, timeoutMs = 5000): Promise<void> {
    return waitFor(
      () => this.handlerErrors().length >= count,
      timeoutMs,
      () => `${count} handler_error event(s); got ${JSON.stringify(this.events.map((e) => e.type))}`,
    );
  }
}

/**
 * Proves that everything published before it has reached the subscriber's side: messages from one
 * publisher arrive in order, so once a marker sent afterwards to another subscription of the same
 * subscriber is in, the earlier messages are in the client too. Used before asserting that something did
 * not happen, instead of sleeping.
 */
export async function settleDelivery<T>(
  h: Harness,
  subscriber: Subscriber<T, Message<T>, string>,
  publisher: Publisher<T, unknown>,
  marker: T,
): Promise<void> {
  const probe = new Recorder<T>();
  const subscription = await subscriber.subscribe(h.subject("probe", "marker"), probe.handler);
  try {
    await publisher.publish(h.subject("probe", "marker"), marker);
    await probe.waitForMessages(1);
  } finally {
    await subscription.stop();
  }
}
