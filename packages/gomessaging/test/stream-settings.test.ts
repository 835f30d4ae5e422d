import { describe, expect, it } from "vitest";
import { natsStreamSettings } from "../src/index.js";

describe("natsStreamSettings (the stream Go ensures)", () => {
  it("captures {stream}.> on file storage, unset limits sent as unlimited", () => {
    expect(natsStreamSettings("events", {})).toEqual({
      name: "events",
      subjects: ["events.>"],
      storage: "file",
      maxAge: 0,
      maxBytes: -1,
      maxMsgs: -1,
    });
  });

  it("sends declared limits, 0 as unlimited, and replicas only when set", () => {
    expect(natsStreamSettings("audit", { maxAge: 60_000, maxBytes: 0, maxMsgs: 10, replicas: 3 })).toEqual({
      name: "audit",
      subjects: ["audit.>"],
      storage: "file",
      maxAge: 60_000,
      maxBytes: -1,
      maxMsgs: 10,
      replicas: 3,
    });
    expect(natsStreamSettings("audit", { replicas: 0 })).not.toHaveProperty("replicas");
  });
});
