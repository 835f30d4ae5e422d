import { headers, type Msg } from "@nats-io/nats-core";
import { describe, expect, it } from "vitest";
import { pullStatus } from "../src/consume/pull-status.js";

/** A status message as it arrives on a pull inbox: only its headers (code, description) are read. */
function status(code: number, description: string): Msg {
  return { subject: "_INBOX.x", headers: headers(code, description) } as unknown as Msg;
}

describe("pullStatus (ADR-13 status messages on a pull inbox)", () => {
  it("a 100 is a heartbeat; 404 and 408 end the request normally", () => {
    expect(pullStatus(status(100, "Idle Heartbeat"))).toEqual({ kind: "heartbeat" });
    expect(pullStatus(status(404, "No Messages"))).toEqual({ kind: "expired" });
    expect(pullStatus(status(408, "Request Timeout"))).toEqual({ kind: "expired" });
  });

  it("a 409 leadership change or server shutdown is routine, whatever the case of its description", () => {
    expect(pullStatus(status(409, "Leadership Change"))).toEqual({ kind: "leadership_change" });
    expect(pullStatus(status(409, "leadership change"))).toEqual({ kind: "leadership_change" });
    expect(pullStatus(status(409, "Server Shutdown"))).toEqual({ kind: "server_shutdown" });
  });

  it("any other 409 (consumer deleted, a limit exceeded), a 400 and a 503 are failures", () => {
    expect(pullStatus(status(409, "Consumer Deleted"))).toEqual({
      kind: "failed",
      code: 409,
      description: "consumer deleted",
    });
    expect(pullStatus(status(409, "Exceeded MaxRequestBatch of 2"))).toMatchObject({
      kind: "failed",
      code: 409,
    });
    expect(pullStatus(status(400, "Bad Request - heartbeat value too large"))).toEqual({
      kind: "failed",
      code: 400,
      description: "bad request - heartbeat value too large",
    });
    // A 503 may come without a description (nats.js cannot even build one): it means nobody answers pulls.
    const bare = { subject: "_INBOX.x", headers: { code: 503, description: "" } } as unknown as Msg;
    expect(pullStatus(bare)).toEqual({ kind: "failed", code: 503, description: "no responders" });
  });

  it("an unknown code is passed on as other; a message without headers reads as code 0", () => {
    expect(pullStatus(status(429, "Slow Down"))).toEqual({
      kind: "other",
      code: 429,
      description: "slow down",
    });
    expect(pullStatus({ subject: "_INBOX.x" } as unknown as Msg)).toEqual({
      kind: "other",
      code: 0,
      description: "",
    });
  });
});
