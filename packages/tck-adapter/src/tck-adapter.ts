import type { LogLevel } from "@natsflux/messaging";
import { AdapterError, describeError } from "./adapter-error.js";
import {
  parseHelloParams,
  parsePublishParams,
  parseServiceParams,
  parseStartServiceParams,
} from "./params.js";
import {
  type HelloResult,
  PROTOCOL_VERSION,
  type ReceivedResult,
  type StartServiceResult,
  TRANSPORT_KEY,
} from "./protocol.js";
import { TckService } from "./tck-service.js";

export interface TckAdapterOptions {
  /** The broker every service connects to (the runner reads it back from `hello`); from `NATS_URL`. */
  readonly natsUrl: string | undefined;
  readonly logLevel?: LogLevel;
  /** Bound on closing one service. @default 3000 */
  readonly drainTimeoutMs?: number;
}

const EMPTY = Object.freeze({});

/** Carries out the protocol's methods; `handle` resolves with the result or rejects with an AdapterError. */
export class TckAdapter {
  readonly #natsUrl: string | undefined;
  readonly #logLevel: LogLevel;
  readonly #drainTimeoutMs: number;
  readonly #services = new Map<string, TckService>();

  constructor(options: TckAdapterOptions) {
    this.#natsUrl = options.natsUrl === "" ? undefined : options.natsUrl;
    this.#logLevel = options.logLevel ?? "info";
    this.#drainTimeoutMs = options.drainTimeoutMs ?? 3_000;
  }

  /** Names of the running services. */
  get services(): readonly string[] {
    return [...this.#services.keys()];
  }

  async handle(method: string, params: unknown): Promise<unknown> {
    switch (method) {
      case "hello":
        return this.hello(params);
      case "start_service":
        return this.startService(params);
      case "publish":
        return this.publish(params);
      case "received":
        return this.received(params);
      case "close_service":
        return this.closeService(params);
      case "shutdown":
        return this.shutdown();
      default:
        throw new AdapterError(`unknown method: ${method}`);
    }
  }

  hello(params: unknown): HelloResult {
    const { protocolVersion } = parseHelloParams(params);
    if (protocolVersion !== PROTOCOL_VERSION) {
      throw new AdapterError(
        `unsupported protocol version ${protocolVersion} (this adapter speaks ${PROTOCOL_VERSION})`,
      );
    }
    return {
      protocolVersion: PROTOCOL_VERSION,
      transportKey: TRANSPORT_KEY,
      brokerConfig: { natsURL: this.#url() },
    };
  }

  async startService(params: unknown): Promise<StartServiceResult> {
    const { serviceName, intents } = parseStartServiceParams(params);
    const natsUrl = this.#url();
    if (this.#services.has(serviceName)) throw new AdapterError(`service already started: ${serviceName}`);
    let service: TckService;
    try {
      service = await TckService.start({
        serviceName,
        natsUrl,
        intents,
        logLevel: this.#logLevel,
        drainTimeoutMs: this.#drainTimeoutMs,
      });
    } catch (error) {
      throw new AdapterError(`start_service failed: ${describeError(error)}`, { cause: error });
    }
    this.#services.set(serviceName, service);
    return { publisherKeys: service.publisherKeys, topology: service.topology() };
  }

  async publish(params: unknown): Promise<object> {
    const { serviceName, publisherKey, routingKey, payload, headers } = parsePublishParams(params);
    const service = this.#service(serviceName);
    try {
      await service.publish(publisherKey, routingKey, payload, headers);
    } catch (error) {
      throw new AdapterError(`publish failed: ${describeError(error)}`, { cause: error });
    }
    return EMPTY;
  }

  received(params: unknown): ReceivedResult {
    const { serviceName } = parseServiceParams("received", params);
    return { messages: this.#service(serviceName).received() };
  }

  async closeService(params: unknown): Promise<object> {
    const { serviceName } = parseServiceParams("close_service", params);
    const service = this.#service(serviceName);
    this.#services.delete(serviceName);
    try {
      await service.close();
    } catch (error) {
      throw new AdapterError(`close_service failed: ${describeError(error)}`, { cause: error });
    }
    return EMPTY;
  }

  /** Closes every service (in parallel: the runner kills the adapter 5 s after asking). Never rejects. */
  async shutdown(): Promise<object> {
    const services = [...this.#services.values()];
    this.#services.clear();
    await Promise.allSettled(services.map((service) => service.close()));
    return EMPTY;
  }

  #service(serviceName: string): TckService {
    const service = this.#services.get(serviceName);
    if (service === undefined) throw new AdapterError(`unknown service: ${serviceName}`);
    return service;
  }

  #url(): string {
    if (this.#natsUrl === undefined) throw new AdapterError("NATS_URL environment variable is required");
    return this.#natsUrl;
  }
}
