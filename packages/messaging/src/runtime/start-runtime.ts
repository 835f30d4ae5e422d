import type { NatsConnection } from "@nats-io/nats-core";
import { ConfigError, type Subscription, UnsupportedFeatureError } from "@natsflux/core";
import { raceAbort, throwIfAborted } from "@natsflux/core/internal";
import { features, JetStreamPublisher, serverVersion, supports } from "@natsflux/transport-jetstream";
import { NatsPublisher, NatsRequester, NatsSubscriber } from "@natsflux/transport-nats";
import type { FacadeConfig } from "../config.js";
import type { Declarations } from "../declarations.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { ConsumerGroup } from "../plan/consumer-groups.js";
import { wirePublisher } from "../publisher.js";
import { consumeGroup } from "./consumer-group.js";
import { ensureServiceStreams } from "./ensure-service-streams.js";
import { guardedMetrics } from "./guarded-metrics.js";
import { rawCodec } from "./raw-codec.js";
import { RunningService } from "./running-service.js";
import { serveServiceHandler } from "./service-handler.js";
import { servicePublishSink } from "./service-publish-sink.js";
import { streamPublishSink } from "./stream-publish-sink.js";

export interface RuntimeInput {
  readonly nc: NatsConnection;
  readonly owned: boolean;
  readonly config: Readonly<FacadeConfig>;
  readonly declarations: Declarations;
  readonly groups: readonly ConsumerGroup[];
  readonly metrics: MetricsRecorder;
  readonly drainTimeout: number;
  /** close() during start(): every step stops waiting at once, and what it still creates is stopped. */
  readonly signal: AbortSignal;
}

/**
 * Brings a declared service to life: streams, then service handlers, then consumers, then publishers.
 * Anything started before a failure is closed again before the error is rethrown.
 */
export async function startRuntime(input: RuntimeInput): Promise<RunningService> {
  const { nc, config, declarations, groups, signal } = input;
  const metrics = guardedMetrics(input.metrics, config.logger);
  // Loaded on first start, not at import: OpenTelemetry's API is most of a cold import of the facade.
  const { FacadeTracing } = await import("./facade-tracing.js");
  const tracing = new FacadeTracing(config.tracing, config.serviceName, config.logger);
  const running = new RunningService(nc, input.owned, input.drainTimeout, config.logger);
  try {
    checkServerSupports(nc, groups);
    const streams = [...declarations.streamPublishers.map((p) => p.stream), ...groups.map((g) => g.stream)];
    await raceAbort(ensureServiceStreams(nc, streams, config), signal, "start");

    const coreSubscriber = new NatsSubscriber<Uint8Array>(nc, rawCodec);
    const replies = new NatsPublisher<Uint8Array>(nc, rawCodec);
    running.addClosable(replies);
    for (const handler of declarations.serviceHandlers) {
      running.addSubscription(
        await unlessAborted(
          serveServiceHandler(handler, { config, subscriber: coreSubscriber, replies, metrics, tracing }),
          signal,
        ),
      );
    }

    for (const group of groups) {
      running.addSubscription(
        await unlessAborted(consumeGroup(group, { config, source: nc, metrics: input.metrics }), signal),
      );
    }

    throwIfAborted(signal, "start");
    if (declarations.streamPublishers.length > 0) {
      const publisher = new JetStreamPublisher<Uint8Array>(nc, rawCodec);
      running.addClosable(publisher);
      for (const { stream, publisher: pub } of declarations.streamPublishers) {
        pub[wirePublisher](streamPublishSink(stream, pub.codec, { config, publisher, metrics, tracing }));
        running.addPublisher(pub);
      }
    }
    if (declarations.servicePublishers.length > 0) {
      const requester = new NatsRequester<Uint8Array, Uint8Array>(nc, rawCodec, rawCodec);
      running.addClosable(requester);
      for (const { target, publisher: pub } of declarations.servicePublishers) {
        pub[wirePublisher](
          servicePublishSink(target, pub.codec, pub.responseCodec, {
            config,
            requester,
            metrics,
            tracing,
          }),
        );
        running.addPublisher(pub);
      }
    }
    return running;
  } catch (error) {
    await running.close().catch(() => {});
    throw error;
  }
}

/** The subscription `work` opens, unless `signal` fires first; one that opens after that is stopped at once. */
async function unlessAborted(work: Promise<Subscription>, signal: AbortSignal): Promise<Subscription> {
  try {
    return await raceAbort(work, signal, "start");
  } catch (error) {
    if (signal.aborted)
      work.then(
        (late) => late.stop().catch(() => {}),
        () => {},
      );
    throw error;
  }
}

/** Fails before touching the broker when the server cannot do what the groups need. */
function checkServerSupports(nc: NatsConnection, groups: readonly ConsumerGroup[]): void {
  const legacy = !supports(nc, features.multipleFilters);
  for (const group of groups) {
    const where = `consumer "${group.durable ?? "(ephemeral)"}" on stream "${group.stream}"`;
    if (group.registrations.length > 1 && legacy) {
      throw new UnsupportedFeatureError(
        `several routing keys on one ${where} (filter_subjects)`,
        features.multipleFilters.since,
        serverVersion(nc),
        "Give each routing key its own consumer with addConsumerNameSuffix()",
      );
    }
    if (group.backOff !== undefined) {
      const steps = group.backOff.length;
      if (group.maxDeliver === undefined && legacy) {
        throw new ConfigError(
          "maxDeliver",
          `${where}: a BackOff needs a finite MaxDeliver on nats-server < 2.10`,
        );
      }
      if (group.maxDeliver !== undefined && group.maxDeliver <= steps) {
        throw new ConfigError(
          "maxDeliver",
          `${where}: MaxDeliver (${group.maxDeliver}) must be greater than the number of BackOff steps (${steps})`,
        );
      }
    }
  }
}
