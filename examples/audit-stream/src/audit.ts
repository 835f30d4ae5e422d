import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import {
  createConnection,
  Publisher,
  silentLogger,
  streamConsumer,
  streamPublisher,
  transientStreamConsumer,
  withStreamConfig,
} from "@natsflux/messaging";
import { orderedMessages } from "@natsflux/transport-jetstream";

export interface UserLogin {
  readonly userId: string;
  readonly ip: string;
}
export interface UserLogout {
  readonly userId: string;
}

export interface AuditResult {
  /** userIds the durable `User.Login` consumer recorded. */
  readonly logins: string[];
  /** `routingKey userId` of everything the transient `User.*` consumer saw. */
  readonly live: string[];
  /** Login subjects and stream sequences read back, in order, by an ordered replay. */
  readonly replayed: Array<{ readonly userId: string; readonly seq: number }>;
  readonly stream: { readonly subjects: string[]; readonly storage: string; readonly maxAgeDays: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The Go README's custom-stream example: auth-service publishes to the `audit` stream (subject
 * `audit.<routing key>`), kept 90 days; audit-log records logins with a durable consumer and tails every
 * user event with a transient one. Then the history is replayed in order with the JetStream transport,
 * on the same NATS connection the facade uses.
 */
export async function runAuditStream(servers: string, log: (line: string) => void = console.log) {
  // One connection for both layers: the facade borrows it (and leaves it open on close()).
  const nc = await connect({ servers, name: "audit-example" });
  try {
    const logins: string[] = [];
    const live: string[] = [];
    const settled = waitUntil(() => logins.length === 3 && live.length === 4);

    const auditPublisher = new Publisher<UserLogin | UserLogout>();
    const retention = withStreamConfig("audit", { maxAge: 90 * DAY_MS, maxMsgs: 1_000_000 });
    await using auth = createConnection({
      serviceName: "auth-service",
      connection: nc,
      logger: silentLogger,
    });
    await auth.start(retention, streamPublisher("audit", auditPublisher));

    await using auditLog = createConnection({
      serviceName: "audit-log",
      connection: nc,
      logger: silentLogger,
    });
    await auditLog.start(
      retention,
      streamConsumer<UserLogin>("audit", "User.Login", ({ payload }) => {
        log(`  audit-log (durable)   ← User.Login ${payload.userId} from ${payload.ip}`);
        logins.push(payload.userId);
      }),
      transientStreamConsumer<UserLogin | UserLogout>("audit", "User.*", ({ payload, deliveryInfo }) => {
        log(`  audit-log (transient) ← ${deliveryInfo.key} ${payload.userId}`);
        live.push(`${deliveryInfo.key} ${payload.userId}`);
      }),
    );

    for (const [userId, ip] of [
      ["ada", "10.0.0.1"],
      ["grace", "10.0.0.2"],
      ["linus", "10.0.0.3"],
    ] as const) {
      await auditPublisher.publish("User.Login", { userId, ip });
      log(`auth-service → audit.User.Login ${userId}`);
    }
    await auditPublisher.publish("User.Logout", { userId: "ada" });
    log("auth-service → audit.User.Logout ada");
    await settled;

    const info = await (await jetstreamManager(nc)).streams.info("audit");
    const stream = {
      subjects: info.config.subjects,
      storage: info.config.storage,
      maxAgeDays: info.config.max_age / 1e6 / DAY_MS,
    };
    log(
      `stream audit: subjects ${stream.subjects.join(",")}, ${stream.storage} storage, kept ${stream.maxAgeDays} days`,
    );

    // Reading history (a projection, a report) needs no durable state: an ordered consumer replays the
    // stream from the start and is deleted when the loop ends. The facade's messages are plain JSON.
    const replayed: Array<{ userId: string; seq: number }> = [];
    const history = await orderedMessages(nc, jsonCodec<UserLogin>(), "audit", {
      filterSubject: "audit.User.Login",
      signal: AbortSignal.timeout(5000),
    });
    for await (const message of history) {
      replayed.push({ userId: message.payload.userId, seq: message.info.streamSequence });
      log(`replay #${message.info.streamSequence} ${message.subject} ${message.payload.userId}`);
      if (message.info.pending === 0) break;
    }
    return { logins, live, replayed, stream } satisfies AuditResult;
  } finally {
    await nc.drain();
  }
}

/** Resolves once `done()` holds; rejects after `timeoutMs` so the example never hangs. */
function waitUntil(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (done()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`not all audit events arrived within ${timeoutMs} ms`));
      }
    }, 10);
  });
}
