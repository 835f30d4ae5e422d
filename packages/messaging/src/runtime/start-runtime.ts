import type { NatsConnection } from "@nats-io/nats-core";
import { ConfigError, type Subscription, UnsupportedFeatureError } from "@natsflux/core";
import { raceAbort, throwIfAborted } from "@natsflux/core/internal";
import { features, JetStreamPublisher, serverVersion, supports } from "@natsflux/transport-jetstream";
import { NatsRequester } from "@natsflux/transport-nats";
import type { FacadeConfig } from "../config.js";
import type { Declarations } from "../declarations.js";
import { type MetricsRecorder, noopMetrics } from "../metrics-recorder.js";
import type { ConsumerGroup } from "../plan/consumer-groups.js";
import { wirePublisher } from "../publisher.js";
import { consumeGroup } from "./consumer-group.js";
import { ensureServiceStreams } from "./ensure-service-streams.js";
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
  // Loaded on first start, not at import: OpenTelemetry's API is most of a cold import of the facade.
  const { facadeTelemetry } = await import("./facade-telemetry.js");
  // Spans and metrics of publishes, requests and service handlers come from the transports through it.
  const telemetry = facadeTelemetry(config, input.metrics);
  // Go records no metrics for request-response handlers, only for one-way service consumers.
  const unmeasured = declarations.serviceHandlers.some((h) => h.reply !== undefined)
    ? facadeTelemetry(config, noopMetrics)
    : telemetry;
  const running = new RunningService(nc, input.owned, input.drainTimeout, config.logger);
  try {
    checkServerSupports(nc, groups);
    const streams = [...declarations.streamPublishers.map((p) => p.stream), ...groups.map((g) => g.stream)];
    await raceAbort(ensureServiceStreams(nc, streams, config), signal, "start");

    for (const handler of declarations.serviceHandlers) {
      running.addSubscription(
        await unlessAborted(
          serveServiceHandler(handler, {
            config,
            nc,
            telemetry: handler.reply === undefined ? telemetry : unmeasured,
          }),
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
    // One transport publisher or requester per declaration, holding its codecs (they are cheap objects).
    for (const { stream, publisher: pub } of declarations.streamPublishers) {
      const publisher = new JetStreamPublisher<unknown>(nc, pub.codec, { telemetry });
      running.addClosable(publisher);
      pub[wirePublisher](streamPublishSink(stream, pub.codec.contentType, publisher, config));
    }
    for (const { target, publisher: pub } of declarations.servicePublishers) {
      const requester = new NatsRequester<unknown, unknown>(nc, pub.codec, pub.responseCodec, {
        telemetry,
        timeout: config.requestTimeout,
      });
      running.addClosable(requester);
      pub[wirePublisher](servicePublishSink(target, pub.codec.contentType, requester, config));
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
