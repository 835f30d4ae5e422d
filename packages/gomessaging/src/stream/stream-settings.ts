import { natsStreamSubjects } from "../naming/nats-transport.js";

/** A stream's declared retention; 0 or absent means unlimited. */
export interface StreamRetention {
  /** Maximum age of a message, in milliseconds. */
  readonly maxAge?: number | undefined;
  readonly maxBytes?: number | undefined;
  readonly maxMsgs?: number | undefined;
  /** Go never sets it; absent means the server default. */
  readonly replicas?: number | undefined;
}

/** The JetStream stream configuration of `natsStreamSettings` (a transport's stream settings fit it). */
export interface NatsStreamSettings {
  readonly name: string;
  readonly subjects: string[];
  readonly storage: "file";
  /** Milliseconds; 0 is unlimited. */
  readonly maxAge: number;
  /** -1 is unlimited. */
  readonly maxBytes: number;
  /** -1 is unlimited. */
  readonly maxMsgs: number;
  readonly replicas?: number;
}

/**
 * The stream the Go transport ensures: subjects `{stream}.>`, file storage, and the declared limits with
 * unset ones sent as unlimited, so an update resets a limit that was dropped (as Go's does).
 */
export function natsStreamSettings(stream: string, limits: StreamRetention): NatsStreamSettings {
  return {
    name: stream,
    subjects: natsStreamSubjects(stream),
    storage: "file",
    maxAge: limits.maxAge ?? 0,
    maxBytes: limits.maxBytes || -1,
    maxMsgs: limits.maxMsgs || -1,
    ...(limits.replicas ? { replicas: limits.replicas } : {}),
  };
}
