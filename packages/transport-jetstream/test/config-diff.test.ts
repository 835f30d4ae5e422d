import { describe, expect, it } from "vitest";
import { namedByServer, refusedFields } from "../src/manage/config-diff.js";

describe("refusedFields", () => {
  it("lists the requested fields whose value differs, with both values (deep comparison, undefined skipped)", () => {
    const requested = { max_age: 60, subjects: ["a.>"], storage: "file", description: undefined };
    const current = { max_age: 30, subjects: ["a.>"], storage: "file", description: "old" };
    expect(refusedFields(requested, current, "stream configuration update can not change max age")).toEqual([
      { field: "max_age", current: 30, requested: 60 },
    ]);
  });

  it("reports a field missing from the current configuration as null", () => {
    expect(refusedFields({ backoff: [1] }, {}, "")).toEqual([
      { field: "backoff", current: null, requested: [1] },
    ]);
    expect(refusedFields({ backoff: [1] }, undefined, "")).toEqual([
      { field: "backoff", current: null, requested: [1] },
    ]);
  });

  it("keeps only the fields the server's refusal names, in its own spelling", () => {
    const requested = { storage: "memory", max_msgs: 10, deliver_policy: "new", mem_storage: true };
    const current = { storage: "file", max_msgs: 5, deliver_policy: "all", mem_storage: false };
    expect(
      refusedFields(requested, current, "stream configuration update can not change storage type"),
    ).toEqual([
      // "storage type" names storage and, in nats-server's spelling, mem_storage: both are returned.
      { field: "storage", current: "file", requested: "memory" },
      { field: "mem_storage", current: false, requested: true },
    ]);
    expect(
      refusedFields(requested, current, "consumer deliver policy can not be updated").map((c) => c.field),
    ).toEqual(["deliver_policy"]);
    // mem_storage is spelled "storage type" by nats-server: both fields read as named.
    expect(
      refusedFields({ mem_storage: true }, { mem_storage: false }, "can not change storage type").map(
        (c) => c.field,
      ),
    ).toEqual(["mem_storage"]);
  });

  it("falls back to every differing field when the refusal names none, so it never comes back empty", () => {
    const differing = [
      { field: "max_msgs", current: 5, requested: 10 },
      { field: "replicas", current: 1, requested: 3 },
    ];
    expect(namedByServer(differing, "stream configuration update failed")).toEqual(differing);
    expect(namedByServer(differing, "can not change Replicas")).toEqual([differing[1]]);
    expect(namedByServer([], "anything")).toEqual([]);
  });

  it("matches an underscored field by its words or as written, and aliases like heart beat and start sequence", () => {
    const differing = [
      { field: "idle_heartbeat", current: 1, requested: 2 },
      { field: "opt_start_seq", current: 1, requested: 2 },
      { field: "max_deliver", current: 1, requested: 2 },
    ];
    expect(namedByServer(differing, "heart beat can not be updated").map((c) => c.field)).toEqual([
      "idle_heartbeat",
    ]);
    expect(namedByServer(differing, "start sequence can not be updated").map((c) => c.field)).toEqual([
      "opt_start_seq",
    ]);
    expect(namedByServer(differing, "max_deliver must be >= 1").map((c) => c.field)).toEqual(["max_deliver"]);
    expect(namedByServer(differing, "max deliver is too low").map((c) => c.field)).toEqual(["max_deliver"]);
  });
});
