import type { Consumer, ConsumerConfig, ConsumerInfo } from "@nats-io/jetstream";
import { type StatusListener, SubscribeError } from "@natsflux/core";
import type { JetStreamHandles } from "../connection.js";
import { toConsumerConfig } from "../manage/consumer-config.js";
import { createOrUpdateConsumer } from "../manage/ensure-consumer.js";
import type { ConsumerTarget } from "./subscribe-options.js";

/**
 * The server-side consumer a subscription reads from, and how to bring it back when it disappears. It keeps
 * the configuration the consumer had, so a recreated one filters and acks the same way.
 */
export class ConsumerBinding {
  readonly stream: string;
  readonly ephemeral: boolean;
  readonly recreate: boolean;
  readonly #handles: JetStreamHandles;
  #info: ConsumerInfo;
  #consumer: Consumer;
  #lastStreamSequence = 0;
  #generation = 0;

  private constructor(handles: JetStreamHandles, info: ConsumerInfo, recreate: boolean | undefined) {
    this.#handles = handles;
    this.#info = info;
    this.stream = info.stream_name;
    this.ephemeral = !info.config.durable_name;
    this.recreate = recreate ?? this.ephemeral;
    this.#consumer = handles.js.consumers.getConsumerFromInfo(info);
  }

  /**
   * Looks the consumer up (or creates/updates it from `target.config`, telling `onStatus` when that changed an
   * existing consumer); fails with `SubscribeError`.
   */
  static async open(
    handles: JetStreamHandles,
    target: ConsumerTarget,
    recreate: boolean | undefined,
    onStatus?: StatusListener,
  ): Promise<ConsumerBinding> {
    try {
      const jsm = await handles.manager();
      const info =
        "config" in target
          ? await createOrUpdateConsumer(jsm, target.stream, toConsumerConfig(target.config, handles.nc), {
              onStatus,
            })
          : await jsm.consumers.info(target.stream, target.consumer);
      return new ConsumerBinding(handles, info, recreate);
    } catch (error) {
      const name =
        "config" in target ? (target.config.durable ?? target.config.name ?? "(ephemeral)") : target.consumer;
      throw new SubscribeError(
        target.stream,
        error,
        `cannot consume from "${name}" on stream "${target.stream}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  get name(): string {
    return this.#info.name;
  }

  /** Goes up each time the consumer is recreated: failures of pulls made before that are stale. */
  get generation(): number {
    return this.#generation;
  }

  get consumer(): Consumer {
    return this.#consumer;
  }

  /** The subject a subscription on this consumer reports: its filter when it has one, else "stream/consumer". */
  get subject(): string {
    const config = this.#info.config;
    if (config.filter_subject) return config.filter_subject;
    if (config.filter_subjects?.length === 1) return config.filter_subjects[0] as string;
    return `${this.stream}/${this.name}`;
  }

  /** The consumer's server-side `backoff` in ms, when it has one (a delayed nak must account for it). */
  readonly backoff = (): ReadonlyArray<number> | undefined => {
    const steps = this.#info.config.backoff;
    return steps === undefined || steps.length === 0 ? undefined : steps.map((ns) => ns / 1_000_000);
  };

  /** Remembers how far an ephemeral consumer got, so a recreated one resumes after it instead of replaying. */
  delivered(streamSequence: number): void {
    if (streamSequence > this.#lastStreamSequence) this.#lastStreamSequence = streamSequence;
  }

  /** Creates the consumer again under the same name and configuration. */
  async recreateConsumer(): Promise<void> {
    const jsm = await this.#handles.manager();
    const info = await createOrUpdateConsumer(jsm, this.stream, this.#recreateConfig());
    this.#info = info;
    this.#consumer = this.#handles.js.consumers.getConsumerFromInfo(info);
    this.#generation++;
  }

  #recreateConfig(): Partial<ConsumerConfig> {
    const config: Partial<ConsumerConfig> = { ...this.#info.config, name: this.#info.name };
    // Server-managed metadata ("_nats.*") is not ours to send back.
    if (config.metadata) {
      const own = Object.entries(config.metadata).filter(([key]) => !key.startsWith("_nats."));
      if (own.length > 0) config.metadata = Object.fromEntries(own);
      else delete config.metadata;
    }
    if (this.ephemeral && this.#lastStreamSequence > 0) {
      config.deliver_policy = "by_start_sequence";
      config.opt_start_seq = this.#lastStreamSequence + 1;
      delete config.opt_start_time;
    }
    return config;
  }
}
