import type { JetStreamManager, StreamConfig, StreamInfo } from "@nats-io/jetstream";
import { type JetStreamSource, resolveHandles } from "../connection.js";
import { StreamConfigConflictError } from "../errors.js";
import { ApiCode, apiCode, serverDescription } from "../nats-errors.js";
import { managementError } from "./api-errors.js";
import { refusedFields } from "./config-diff.js";
import { type StreamSettings, toStreamConfig } from "./stream-config.js";

/**
 * Makes the stream exist with `settings`: updates it when it exists (fields left out keep their values),
 * creates it otherwise. Idempotent, and safe when several services start at once. Never deletes a stream:
 * a change the server refuses (storage type, retention, subjects another stream captures) throws a
 * `StreamConfigConflictError` naming the fields.
 */
export async function ensureStream(source: JetStreamSource, settings: StreamSettings): Promise<StreamInfo> {
  const config = toStreamConfig(settings);
  const jsm = await resolveHandles(source).manager();
  const what = `ensureStream "${config.name}"`;
  // Update first (the common case once deployed); create on "stream not found". A second round covers a
  // stream created by someone else between our update and our create.
  for (let attempt = 0; ; attempt++) {
    try {
      return await jsm.streams.update(config.name, config);
    } catch (error) {
      if (apiCode(error) !== ApiCode.StreamNotFound) throw await streamError(jsm, config, error, what);
    }
    try {
      return await jsm.streams.add({ storage: "file", ...config });
    } catch (error) {
      if (apiCode(error) !== ApiCode.StreamNameInUse || attempt > 0) {
        throw await streamError(jsm, config, error, what);
      }
    }
  }
}

async function streamError(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
  error: unknown,
  what: string,
): Promise<Error> {
  const code = apiCode(error);
  const message = serverDescription(error);
  if (code === ApiCode.SubjectsOverlap) {
    const overlapping = await streamsCapturing(jsm, config);
    const current = await currentConfig(jsm, config.name);
    return new StreamConfigConflictError(
      config.name,
      [{ field: "subjects", current: current?.subjects ?? null, requested: config.subjects }],
      message,
      { serverCode: code, overlappingStreams: overlapping, cause: error },
    );
  }
  if (code === ApiCode.StreamInvalidConfig || code === ApiCode.StreamNameInUse) {
    const current = await currentConfig(jsm, config.name);
    const conflicts = refusedFields(config, current as Record<string, unknown> | undefined, message);
    return new StreamConfigConflictError(config.name, conflicts, message, { serverCode: code, cause: error });
  }
  return managementError(what, error, jsm.getOptions().timeout ?? 5000);
}

async function currentConfig(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch {
    return undefined;
  }
}

/** Other streams whose subjects catch one of ours: named in the error so the operator knows where to look. */
async function streamsCapturing(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<string[]> {
  const found = new Set<string>();
  try {
    for (const subject of config.subjects ?? []) {
      for await (const name of jsm.streams.names(subject)) if (name !== config.name) found.add(name);
    }
  } catch {
    // Only an aid for the message; the conflict itself is already known.
  }
  return [...found];
}
