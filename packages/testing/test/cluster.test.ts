import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { startCluster, uniqueName } from "../src/index.js";

describe("startCluster", () => {
  it("forms a 3-node JetStream cluster that elects a meta leader and runs an R3 stream", async () => {
    await using cluster = await startCluster();
    const names = cluster.servers.map((s) => s.name);
    expect(new Set(names).size).toBe(3);
    expect(new Set(cluster.servers.map((s) => s.port)).size).toBe(3);
    expect(cluster.urls).toEqual(cluster.servers.map((s) => s.url));
    expect(names).toContain(await cluster.metaLeader());

    const nc = await connect({ servers: cluster.urls });
    try {
      const jsm = await jetstreamManager(nc);
      const stream = uniqueName("r3");
      const created = await jsm.streams.add({ name: stream, subjects: [`${stream}.>`], num_replicas: 3 });
      expect(created.config.num_replicas).toBe(3);
      const js = jetstream(nc);
      for (let i = 0; i < 3; i++) await js.publish(`${stream}.m`, `m${i}`);

      const info = await jsm.streams.info(stream);
      expect(info.state.messages).toBe(3);
      const leader = info.cluster?.leader;
      expect(names).toContain(leader);
      const peers = [leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)];
      expect(new Set(peers)).toEqual(new Set(names));
    } finally {
      await nc.close();
    }
  });

  it("a killed node rejoins after restart() on the same port", async () => {
    await using cluster = await startCluster();
    const leader = await cluster.metaLeader();
    // A follower: killing the leader would add a multi-second election to the test for no extra coverage.
    const node = cluster.servers.find((s) => s.name !== leader)!;
    const port = node.port;
    await node.kill();
    expect(node.running).toBe(false);
    await node.restart();
    expect(node.port).toBe(port);
    expect(cluster.servers.map((s) => s.name)).toContain(await cluster.metaLeader());
    const nc = await connect({ servers: node.url });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.getAccountInfo();
      expect(info.streams).toBe(0);
    } finally {
      await nc.close();
    }
  });
});
