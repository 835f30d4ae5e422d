import { ConfigError, TimeoutError } from "@natsflux/core";

/** One configuration field the server refused to change, with the value it has and the value asked for. */
export interface FieldConflict {
  /** The server's field name, e.g. "storage", "subjects", "deliver_policy". */
  readonly field: string;
  readonly current: unknown;
  readonly requested: unknown;
}

/**
 * `ensureStream()` could not bring an existing stream to the requested configuration: the server refuses the
 * change (storage type, retention policy...) or another stream already captures one of the subjects.
 * Nothing was deleted; changing these fields means deleting and recreating the stream, which loses its data.
 */
export class StreamConfigConflictError extends ConfigError {
  readonly stream: string;
  readonly conflicts: ReadonlyArray<FieldConflict>;
  /** Streams that already capture one of the requested subjects (overlap conflicts only). */
  readonly overlappingStreams: ReadonlyArray<string>;
  /** The JetStream API error code, e.g. 10052 (invalid update) or 10065 (subjects overlap). */
  readonly serverCode: number | undefined;

  constructor(
    stream: string,
    conflicts: ReadonlyArray<FieldConflict>,
    serverMessage: string,
    options: { serverCode?: number; overlappingStreams?: ReadonlyArray<string>; cause?: unknown } = {},
  ) {
    const overlapping = options.overlappingStreams ?? [];
    const also =
      overlapping.length > 0 ? ` (already captured by stream ${overlapping.map(quote).join(", ")})` : "";
    super(
      fieldList(conflicts),
      `stream "${stream}" cannot be changed to the requested configuration: ${describeConflicts(conflicts)}${also}. ` +
        `Server said: ${serverMessage}. ensureStream never deletes a stream; migrate it deliberately if this change is intended`,
      options.cause,
    );
    this.stream = stream;
    this.conflicts = conflicts;
    this.overlappingStreams = overlapping;
    this.serverCode = options.serverCode;
  }
}

/**
 * `ensureConsumer()` could not update an existing consumer: the server refuses to change these fields
 * (deliver policy, ack policy...). The consumer was left as it is, with its acknowledgement state.
 */
export class ConsumerConfigConflictError extends ConfigError {
  readonly stream: string;
  readonly consumer: string;
  readonly conflicts: ReadonlyArray<FieldConflict>;
  readonly serverCode: number | undefined;

  constructor(
    stream: string,
    consumer: string,
    conflicts: ReadonlyArray<FieldConflict>,
    serverMessage: string,
    options: { serverCode?: number; cause?: unknown } = {},
  ) {
    super(
      fieldList(conflicts),
      `consumer "${consumer}" on stream "${stream}" cannot be updated: ${describeConflicts(conflicts)}. ` +
        `Server said: ${serverMessage}. ensureConsumer never deletes a durable (a new one would replay the stream); ` +
        "use a new durable name, or delete this one deliberately",
      options.cause,
    );
    this.stream = stream;
    this.consumer = consumer;
    this.conflicts = conflicts;
    this.serverCode = options.serverCode;
  }
}

/**
 * The stream did not acknowledge a publish in time. The message may or may not have been stored: retry with
 * the same `msgId` so the stream drops the copy if the first attempt did land.
 */
export class PublishTimeoutError extends TimeoutError {
  readonly msgId: string | undefined;

  constructor(subject: string, timeoutMs: number, msgId: string | undefined, cause?: unknown) {
    super("publish", subject, timeoutMs, cause);
    this.msgId = msgId;
    this.message +=
      msgId === undefined
        ? "; the message may or may not have been stored. Publish with a msgId to make retries safe"
        : `; the message may or may not have been stored. Retrying with the same msgId ("${msgId}") is safe`;
  }
}

function fieldList(conflicts: ReadonlyArray<FieldConflict>): string {
  return conflicts.length === 0 ? "config" : conflicts.map((c) => c.field).join(", ");
}

function describeConflicts(conflicts: ReadonlyArray<FieldConflict>): string {
  if (conflicts.length === 0) return "the server refused the update";
  return conflicts
    .map((c) => `${c.field} ${JSON.stringify(c.current)} -> ${JSON.stringify(c.requested)}`)
    .join(", ");
}

function quote(name: string): string {
  return `"${name}"`;
}
