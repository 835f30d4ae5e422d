import { startServer } from "@natsflux/testing";
import { expect, it } from "vitest";
import { itRunsAgainstNatsUrl } from "../../start-test.js";
import { runLowLevel } from "../src/run.js";

it("runs every low-level scenario on a real server", async () => {
  await using server = await startServer();
  const { core, jetstream, pull, deadLetters } = await runLowLevel(server.url, () => {});

  const shared = [...(core.perWorker["worker-a"] ?? []), ...(core.perWorker["worker-b"] ?? [])];
  expect(shared.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // each job once
  expect(core.audited).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // the plain subscriber saw all, in order
  expect(core.price).toBe(750);
  expect(core.remoteError).toBe("500 qty must be at least 1, got 0");

  expect(jetstream.duplicate).toBe(true);
  expect(jetstream.handled).toEqual(["p-1", "p-2"]);
  expect(jetstream.attempts["p-2"]).toBe(2);
  expect(jetstream.terminated).toEqual(["ledger busy", "negative amount in p-3"]);

  expect(pull.batches).toEqual([["p-1", "p-2"], ["p-3"]]);
  expect(pull.replayed).toEqual([
    { seq: 1, id: "p-1" },
    { seq: 2, id: "p-2" },
    { seq: 3, id: "p-3" },
  ]);

  const byId = Object.fromEntries(deadLetters.deadLetters.map((d) => [d.id, d]));
  expect(Object.keys(byId).sort()).toEqual(["r-2", "r-3"]);
  expect(byId["r-2"]).toMatchObject({ reason: "max deliveries", deliveries: "3" });
  expect(byId["r-3"]?.reason).toMatch(/^terminated/);
});

itRunsAgainstNatsUrl(import.meta.url, startServer, "pull: fetched in batches of 2");
