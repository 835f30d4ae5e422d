// Type resolution under `moduleResolution: node10` (NestJS's default): every public entry point and
// subpath must resolve to its declarations through `types` / `typesVersions`.
import type { jsonCodec } from "@natsflux/codec-json";
import type { msgpackCodec } from "@natsflux/codec-msgpack";
import type { protobufCodec } from "@natsflux/codec-protobuf";
import type { schemaCodec } from "@natsflux/codec-schema";
import type { Codec } from "@natsflux/core";
import type { isHeaderPairs } from "@natsflux/core/internal";
import type { natsSubject } from "@natsflux/gomessaging";
import type { Connection } from "@natsflux/messaging";
import type { MetricsOptions } from "@natsflux/messaging/metrics";
import type { OtelTelemetryOptions } from "@natsflux/otel";
import type { tracingIsOff } from "@natsflux/otel/internal";
import type { JetStreamPublisher } from "@natsflux/transport-jetstream";
import type { MemoryBroker } from "@natsflux/transport-memory";
import type { NatsPublisher } from "@natsflux/transport-nats";
import type { toNatsHeaders } from "@natsflux/transport-nats/adapter";

export type Resolved = [
  typeof jsonCodec,
  typeof msgpackCodec,
  typeof protobufCodec,
  typeof schemaCodec,
  Codec<string>,
  typeof isHeaderPairs,
  Connection,
  MetricsOptions,
  OtelTelemetryOptions,
  typeof tracingIsOff,
  typeof natsSubject,
  JetStreamPublisher<string>,
  MemoryBroker,
  NatsPublisher<string>,
  typeof toNatsHeaders,
];
