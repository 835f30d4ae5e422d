import type {
  ConsumerConfig,
  ConsumerCreateOptions,
  ConsumerInfo,
  JetStreamManager,
} from "@nats-io/jetstream";
import { ConfigError, type StatusListener } from "@natsflux/core";
import { notify } from "@natsflux/core/internal";
import { type JetStreamSource, resolveHandles } from "../connection.js";
import { ConsumerConfigConflictError, type FieldConflict } from "../errors.js";
import { ApiCode, apiCode, serverDescription } from "../nats-errors.js";
import { managementError } from "./api-errors.js";
import { namedByServer } from "./config-diff.js";
import { type ConsumerSettings, toConsumerConfig } from "./consumer-config.js";
import { configFingerprint, consumerDifferences, replacedKey } from "./consumer-diff.js";
import { features, supports } from "./features.js";

export interface EnsureConsumerOptions {
  /**
   * Told `consumer_config_changed` (with each field's old and new value) when an existing consumer had another
   * configuration and was updated to the declared one.
   */
  readonly onStatus?: StatusListener;
}

/**
 * Makes the pull consumer exist on `stream` with exactly `settings`: creates it, or, when it exists with
 * another configuration, updates it in place to the declared one (options left out go back to the server
 * defaults). An unchanged consumer is not written to. A durable is never deleted and recreated (that would
 * replay the stream to a service that already processed it, and lose its ack floor); a change the server
 * refuses (deliver policy, ack policy...) throws a `ConsumerConfigConflictError` naming those fields.
 * Ordered consumers are client-managed: see `orderedMessages()`.
 */
export async function ensureConsumer(
  source: JetStreamSource,
  stream: string,
  settings: ConsumerSettings,
  options: EnsureConsumerOptions = {},
): Promise<ConsumerInfo> {
  const handles = resolveHandles(source);
  const config = toConsumerConfig(settings, handles.nc);
  return createOrUpdateConsumer(await handles.manager(), stream, config, options);
}

/**
 * `ensureConsumer` with the raw nats.js configuration, which is taken as the whole configuration. It looks
 * the consumer up, creates it when missing, and otherwise sends `config` itself as an update when it differs
 * (nats.js's own `consumers.update` would merge it onto the server's configuration, keeping fields the code
 * no longer declares, and both `filter_subject` and `filter_subjects`, which 2.10+ refuses).
 */
export async function createOrUpdateConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig>,
  options: EnsureConsumerOptions = {},
): Promise<ConsumerInfo> {
  const name = config.durable_name ?? config.name;
  const what = `ensureConsumer "${name ?? "(ephemeral)"}" on stream "${stream}"`;
  if (name === undefined) {
    try {
      return await jsm.consumers.add(stream, config);
    } catch (error) {
      throw await consumerError(jsm, stream, undefined, config, error, what, undefined);
    }
  }
  const { nc } = resolveHandles(jsm);
  // A second and third round cover a consumer created or deleted by someone else between our look-up and our
  // write (several instances starting at once).
  let lastError: unknown;
  for (let round = 0; round < 3; round++) {
    const current = await lookUp(jsm, stream, name, config, what);
    try {
      if (current === undefined) return await jsm.consumers.add(stream, config, action("create"));
      const differences = consumerDifferences(config, current.config);
      if (differences.length === 0) return current;
      const whole = supports(nc, features.consumerMetadata) ? withReplaced(config, current) : config;
      // 2.9 ignores the action and creates or updates in place on its own.
      const updated = await jsm.consumers.add(stream, whole, action("update"));
      notify(options.onStatus, {
        type: "consumer_config_changed",
        stream,
        consumer: name,
        changes: differences.map((d) => ({ field: d.field, from: d.current, to: d.requested })),
        reverted: current.config.metadata?.[replacedKey] === configFingerprint(config),
        otherPulls: current.num_waiting,
      });
      return updated;
    } catch (error) {
      const code = apiCode(error);
      const raced =
        current === undefined
          ? code === ApiCode.ConsumerAlreadyExists
          : code === ApiCode.ConsumerNotFound || code === ApiCode.ConsumerDoesNotExist;
      if (!raced) throw await consumerError(jsm, stream, name, config, error, what, current);
      lastError = error;
    }
  }
  throw await consumerError(jsm, stream, name, config, lastError, what, undefined);
}

/**
 * The server's create action for `consumers.add`. nats.js 3.4 sends `opts.action` as given (its `update()`
 * uses it) but does not type it; `add` then sends our configuration as it is, unlike `update()`, which merges
 * it onto the server's. The redeploy tests fail if a client version stops honouring it.
 */
function action(name: "create" | "update"): ConsumerCreateOptions {
  return { action: name } as ConsumerCreateOptions;
}

/**
 * The declaration plus a note of what it replaces (the replaced configuration's fingerprint), so that an
 * instance that later puts its own declaration back can tell it is undoing another instance's (2.10+).
 */
function withReplaced(config: Partial<ConsumerConfig>, current: ConsumerInfo): Partial<ConsumerConfig> {
  return { ...config, metadata: { ...config.metadata, [replacedKey]: configFingerprint(current.config) } };
}

async function lookUp(
  jsm: JetStreamManager,
  stream: string,
  name: string,
  config: Partial<ConsumerConfig>,
  what: string,
): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(stream, name);
  } catch (error) {
    if (apiCode(error) === ApiCode.ConsumerNotFound) return undefined;
    throw await consumerError(jsm, stream, name, config, error, what, undefined);
  }
}

async function consumerError(
  jsm: JetStreamManager,
  stream: string,
  name: string | undefined,
  config: Partial<ConsumerConfig>,
  error: unknown,
  what: string,
  current: ConsumerInfo | undefined,
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
    const now = current ?? (await jsm.consumers.info(stream, name).catch(() => undefined));
    const differences: FieldConflict[] = now === undefined ? [] : consumerDifferences(config, now.config);
    return new ConsumerConfigConflictError(stream, name, namedByServer(differences, message), message, {
      serverCode: code,
      cause: error,
    });
  }
  return managementError(what, error, jsm.getOptions().timeout ?? 5000);
}
