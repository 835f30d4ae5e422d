import type { ConsumerConfig, ConsumerInfo, JetStreamManager } from "@nats-io/jetstream";
import { ConfigError } from "@natsflux/core";
import { managementError } from "./api-errors.js";
import { refusedFields } from "./config-diff.js";
import { type JetStreamSource, resolveHandles } from "./connection.js";
import { type ConsumerSettings, toConsumerConfig } from "./consumer-config.js";
import { ConsumerConfigConflictError } from "./errors.js";
import { ApiCode, apiCode, serverDescription } from "./nats-errors.js";

/**
 * Makes the pull consumer exist on `stream` with `settings`: creates it, or updates it in place when it already
 * exists with another configuration. A durable is never deleted and recreated (that would replay the stream to a
 * service that already processed it, and lose its ack floor); a change the server refuses throws a
 * `ConsumerConfigConflictError` naming the fields. Ordered consumers are client-managed: see `orderedMessages()`.
 */
export async function ensureConsumer(
  source: JetStreamSource,
  stream: string,
  settings: ConsumerSettings,
): Promise<ConsumerInfo> {
  const handles = resolveHandles(source);
  const config = toConsumerConfig(settings, handles.nc);
  return createOrUpdateConsumer(await handles.manager(), stream, config);
}

/**
 * Create-or-update with the raw nats.js configuration. nats.js 3.4 cannot send the server's create-or-update
 * action (`""` is replaced by its "create" default), so this creates first and updates on "already exists"
 * (10148); 2.9 servers ignore the action and update in place on their own.
 */
export async function createOrUpdateConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig>,
): Promise<ConsumerInfo> {
  const name = config.durable_name ?? config.name;
  const what = `ensureConsumer "${name ?? "(ephemeral)"}" on stream "${stream}"`;
  for (let attempt = 0; ; attempt++) {
    try {
      return await jsm.consumers.add(stream, config);
    } catch (error) {
      if (apiCode(error) !== ApiCode.ConsumerAlreadyExists || name === undefined) {
        throw await consumerError(jsm, stream, name, config, error, what);
      }
    }
    try {
      return await jsm.consumers.update(stream, name, config);
    } catch (error) {
      const code = apiCode(error);
      // Deleted between our create and update: create again, once.
      const vanished = code === ApiCode.ConsumerNotFound || code === ApiCode.ConsumerDoesNotExist;
      if (!vanished || attempt > 0) throw await consumerError(jsm, stream, name, config, error, what);
    }
  }
}

async function consumerError(
  jsm: JetStreamManager,
  stream: string,
  name: string | undefined,
  config: Partial<ConsumerConfig>,
  error: unknown,
  what: string,
): Promise<Error> {
  const code = apiCode(error);
  if (code === ApiCode.StreamNotFound) {
    return new ConfigError(
      "stream",
      `${what}: stream "${stream}" does not exist; create it first (ensureStream)`,
      error,
    );
  }
  if (code === ApiCode.ConsumerCannotUpdate && name !== undefined) {
    const message = serverDescription(error);
    let current: Record<string, unknown> | undefined;
    try {
      current = (await jsm.consumers.info(stream, name)).config as unknown as Record<string, unknown>;
    } catch {
      current = undefined;
    }
    const conflicts = refusedFields(config as Record<string, unknown>, current, message);
    return new ConsumerConfigConflictError(stream, name, conflicts, message, {
      serverCode: code,
      cause: error,
    });
  }
  return managementError(what, error, jsm.getOptions().timeout ?? 5000);
}
