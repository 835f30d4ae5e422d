import type { Topology } from "@natsflux/gomessaging";
import { type Connection, createConnection, type LogLevel, type Setup } from "@natsflux/messaging";
import { AdapterError } from "./adapter-error.js";
import { type IntentHandlers, type PublishFn, planIntent } from "./intent-setups.js";
import type { ReceivedMessage, SetupIntent } from "./protocol.js";
import type { RawJson } from "./raw-json.js";
import { receivedMessage } from "./received-message.js";

export interface TckServiceOptions {
  readonly serviceName: string;
  readonly natsUrl: string;
  readonly intents: readonly SetupIntent[];
  readonly logLevel: LogLevel;
  /** Bound on `close()` (the runner kills the adapter 5 s after `shutdown`). */
  readonly drainTimeoutMs: number;
}

/** The reply of a request-response handler, as the Go adapter sends it. */
const SERVICE_REPLY = Object.freeze({ ok: true });

/** One service the runner started: its connection, its publishers and what it has received so far. */
export class TckService {
  readonly serviceName: string;
  readonly publisherKeys: readonly string[];
  readonly #connection: Connection;
  readonly #publishers: ReadonlyMap<string, PublishFn>;
  readonly #received: ReceivedMessage[];

  private constructor(
    serviceName: string,
    connection: Connection,
    publishers: Map<string, PublishFn>,
    received: ReceivedMessage[],
  ) {
    this.serviceName = serviceName;
    this.publisherKeys = [...publishers.keys()];
    this.#connection = connection;
    this.#publishers = publishers;
    this.#received = received;
  }

  /**
   * Maps the intents to setups and starts the connection. Resolves once streams and consumers exist and
   * every consumer is consuming (`Connection.start()` resolved), as `start_service` requires.
   */
  static async start(options: TckServiceOptions): Promise<TckService> {
    const received: ReceivedMessage[] = [];
    const handlers: IntentHandlers = {
      capture: (event) => {
        received.push(receivedMessage(event));
      },
      answer: (event) => {
        received.push(receivedMessage(event));
        return SERVICE_REPLY;
      },
    };
    const setups: Setup[] = [];
    const publishers = new Map<string, PublishFn>();
    for (const intent of options.intents) {
      const plan = planIntent(intent, handlers);
      if (plan.setup !== undefined) setups.push(plan.setup);
      if (plan.publisherKey !== undefined && plan.publish !== undefined)
        publishers.set(plan.publisherKey, plan.publish);
    }
    const connection = createConnection({
      serviceName: options.serviceName,
      servers: options.natsUrl,
      logLevel: options.logLevel,
      drainTimeout: options.drainTimeoutMs,
    });
    await connection.start(...setups);
    return new TckService(options.serviceName, connection, publishers, received);
  }

  topology(): Topology {
    return this.#connection.topology();
  }

  async publish(
    publisherKey: string,
    routingKey: string,
    payload: RawJson,
    headers: Readonly<Record<string, string>>,
  ) {
    const publish = this.#publishers.get(publisherKey);
    if (publish === undefined) throw new AdapterError(`unknown publisher key: ${publisherKey}`);
    await publish(routingKey, payload, headers);
  }

  /** A snapshot, in arrival order. */
  received(): readonly ReceivedMessage[] {
    return [...this.#received];
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}
