import { announceServer, serverBinary, serverVersion } from "./binary.js";
import { ServerStartError, ServerTimeoutError } from "./errors.js";
import { uniqueName } from "./names.js";
import type { NatsServer } from "./nats-server.js";
import { freePorts } from "./ports.js";
import { getJson, healthy, sleep } from "./readiness.js";
import { prepareServer, type ServerProcess } from "./server-process.js";
import { DEFAULT_READY_TIMEOUT_MS, START_ATTEMPTS } from "./start-server.js";

const META_LEADER_TIMEOUT_MS = 30_000;
const POLL_MS = 200;

export interface ClusterOptions {
  /** Number of nodes. Default 3. */
  size?: number;
  /** Extra config text appended to every node's config. */
  config?: string;
  /** The nats-server binary. Default `serverBinary()`. */
  bin?: string;
}

/** A JetStream cluster on loopback. `stop()` is final: it stops every node and deletes the store dirs. */
export interface NatsCluster extends AsyncDisposable {
  /** The nodes; each can be stopped, killed and restarted on its own. */
  readonly servers: readonly NatsServer[];
  readonly urls: string[];
  stop(): Promise<void>;
  /** Name of the JetStream meta leader (server_name); waits (bounded) while an election is under way. */
  metaLeader(): Promise<string>;
}

interface MetaView {
  leader: string | undefined;
  /** Peers as the node sees them; only a leader's view is reliable (followers may show stale entries). */
  replicas: Array<{ name?: string; current?: boolean }> | undefined;
}

async function metaView(server: NatsServer): Promise<MetaView | undefined> {
  const jsz = await getJson(`${server.monitorUrl}/jsz`);
  const meta = jsz?.meta_cluster as { leader?: string; replicas?: MetaView["replicas"] } | undefined;
  if (meta === undefined) return undefined;
  return { leader: meta.leader || undefined, replicas: meta.replicas };
}

class Cluster implements NatsCluster {
  readonly servers: readonly ServerProcess[];
  #stopping: Promise<void> | undefined;

  constructor(servers: readonly ServerProcess[]) {
    this.servers = servers;
  }

  get urls(): string[] {
    return this.servers.map((s) => s.url);
  }

  stop(): Promise<void> {
    this.#stopping ??= Promise.all(this.servers.map((s) => s[Symbol.asyncDispose]())).then(() => {});
    return this.#stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  metaLeader(): Promise<string> {
    return this.#poll("a JetStream meta leader", META_LEADER_TIMEOUT_MS, async () => {
      for (const server of this.servers.filter((s) => s.running)) {
        const leader = (await metaView(server))?.leader;
        if (leader !== undefined) return leader;
      }
      return undefined;
    });
  }

  /**
   * Formed = every node is healthy and names the same meta leader, and the leader sees all its peers
   * current. Only then can an R3 stream be placed right away (otherwise: "insufficient resources").
   */
  formed(timeoutMs: number): Promise<string> {
    return this.#poll("the cluster to form and elect a meta leader", timeoutMs, async () => {
      const views = await Promise.all(this.servers.map(metaView));
      const leader = views[0]?.leader;
      if (leader === undefined || views.some((v) => v?.leader !== leader)) return undefined;
      const leaderView = views[this.servers.findIndex((s) => s.name === leader)];
      const peers = leaderView?.replicas ?? [];
      if (peers.length < this.servers.length - 1 || peers.some((p) => !p.current)) return undefined;
      const health = await Promise.all(this.servers.map((s) => healthy(s.monitorUrl)));
      return health.every(Boolean) ? leader : undefined;
    });
  }

  async #poll(what: string, timeoutMs: number, check: () => Promise<string | undefined>): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await check();
      if (result !== undefined) return result;
      if (Date.now() >= deadline) {
        const logs = this.servers.map((s) => `--- ${s.name} ---\n${s.logTail(15)}`).join("\n");
        throw new ServerTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs}`);
      }
      await sleep(POLL_MS);
    }
  }
}

/**
 * Starts a JetStream cluster of `size` nodes (default 3) on loopback, each with its own ports, store dir
 * and server_name; resolves once a meta leader is elected and every node is healthy.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<NatsCluster> {
  const size = options.size ?? 3;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`cluster size must be a positive integer, got ${size}`);
  const bin = options.bin ?? serverBinary();
  const version = serverVersion(bin);
  announceServer(bin, version);
  for (let attempt = 1; ; attempt++) {
    // Per node: client, monitor and route port; all picked together so every route list is known upfront.
    const ports = await freePorts(size * 3);
    const clusterName = uniqueName("cluster");
    const routePorts = ports.filter((_, i) => i % 3 === 2);
    const servers = await Promise.all(
      Array.from({ length: size }, (_, i) =>
        prepareServer({
          bin,
          version,
          name: `${clusterName}_n${i + 1}`,
          port: ports[i * 3]!,
          monitorPort: ports[i * 3 + 1]!,
          jetstream: true,
          args: [],
          readyTimeoutMs: DEFAULT_READY_TIMEOUT_MS,
          extra: options.config,
          cluster: { name: clusterName, port: routePorts[i]!, routePorts },
        }),
      ),
    );
    const cluster = new Cluster(servers);
    // Nodes start together: a clustered node's /healthz only turns ok once a meta leader exists.
    const started = await Promise.allSettled(servers.map((s) => s.start()));
    const failure = started.find((r) => r.status === "rejected");
    if (failure === undefined) {
      try {
        await cluster.formed(META_LEADER_TIMEOUT_MS);
        return cluster;
      } catch (error) {
        await cluster.stop();
        throw error;
      }
    }
    await cluster.stop();
    const error: unknown = failure.reason;
    if (error instanceof ServerStartError && error.addressInUse && attempt < START_ATTEMPTS) continue;
    throw error;
  }
}
