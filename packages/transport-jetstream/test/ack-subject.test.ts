import { DecodeError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { ackTimestampNanos, parseAckSubject } from "../src/consume/ack-subject.js";
import { AckSubjectError } from "../src/index.js";

// A real server's timestamp: more digits than a double holds exactly.
const ts = "1764676543210987654";

describe("parseAckSubject", () => {
  it("reads the v1 layout (9 tokens: no domain, no account hash)", () => {
    expect(parseAckSubject(`$JS.ACK.ORDERS.worker.1.42.7.${ts}.3`)).toEqual({
      domain: "",
      stream: "ORDERS",
      consumer: "worker",
      deliveryCount: 1,
      streamSequence: 42,
      deliverySequence: 7,
      timestampNanos: Number(ts),
      pending: 3,
      redelivered: false,
    });
  });

  it("reads the v2 layout (11 tokens), a domain of '_' meaning none", () => {
    expect(parseAckSubject(`$JS.ACK._.AcCtHaSh.ORDERS.worker.3.42.9.${ts}.0`)).toEqual({
      domain: "",
      account_hash: "AcCtHaSh",
      stream: "ORDERS",
      consumer: "worker",
      deliveryCount: 3,
      streamSequence: 42,
      deliverySequence: 9,
      timestampNanos: Number(ts),
      pending: 0,
      redelivered: true,
    });
  });

  it("reads a v2 domain, and ignores tokens appended after the 11th", () => {
    const info = parseAckSubject(`$JS.ACK.hub.AcCtHaSh.ORDERS.worker.2.5.5.${ts}.10.r4nd0m.more`);
    expect(info.domain).toBe("hub");
    expect(info.account_hash).toBe("AcCtHaSh");
    expect(info.stream).toBe("ORDERS");
    expect(info.pending).toBe(10);
    expect(info.redelivered).toBe(true);
  });

  it("gives the exact timestamp as a bigint in both layouts", () => {
    expect(ackTimestampNanos(`$JS.ACK.S.c.1.1.1.${ts}.0`)).toBe(BigInt(ts));
    expect(ackTimestampNanos(`$JS.ACK._.h.S.c.1.1.1.${ts}.0.x`)).toBe(BigInt(ts));
  });

  const bad: ReadonlyArray<[string, string, RegExp]> = [
    ["no reply subject at all", "", /does not start with "\$JS\.ACK\."/],
    ["another prefix", "_INBOX.abc.1.2.3.4.5.6.7", /does not start with "\$JS\.ACK\."/],
    ["a lower-case prefix", "$js.ack.S.c.1.1.1.1.0", /does not start with/],
    ["too few tokens", "$JS.ACK.S.c.1.1.1.1", /has 8 tokens, expected 9 \(v1\) or at least 11 \(v2\)/],
    ["10 tokens (neither layout)", "$JS.ACK.x.S.c.1.1.1.1.0", /has 10 tokens/],
    ["an empty stream", "$JS.ACK..c.1.1.1.1.0", /stream token is empty/],
    ["an empty consumer", "$JS.ACK._.h.S..1.1.1.1.0", /consumer token is empty/],
    ["an empty v2 domain", "$JS.ACK..h.S.c.1.1.1.1.0", /domain token is empty/],
    ["an empty account hash", "$JS.ACK._..S.c.1.1.1.1.0", /account hash token is empty/],
    [
      "a non-numeric delivery count",
      "$JS.ACK.S.c.one.1.1.1.0",
      /delivery count token "one" is not a decimal/,
    ],
    ["an exponent", "$JS.ACK.S.c.1.1e3.1.1.0", /stream sequence token "1e3"/],
    ["a hex number", "$JS.ACK.S.c.1.1.0x1f.1.0", /consumer sequence token "0x1f"/],
    ["a negative timestamp", "$JS.ACK.S.c.1.1.1.-5.0", /timestamp token "-5"/],
    ["an empty pending count", "$JS.ACK._.h.S.c.1.1.1.1..", /pending count token is empty/],
  ];

  it.each(bad)("refuses %s with an AckSubjectError naming the problem", (_, subject, reason) => {
    let caught: unknown;
    try {
      parseAckSubject(subject, "orders.created");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AckSubjectError);
    // A DecodeError: the retry policy takes the message for poison rather than retrying it.
    expect(caught).toBeInstanceOf(DecodeError);
    const error = caught as AckSubjectError;
    expect(error.code).toBe("DECODE");
    expect(error.ackSubject).toBe(subject);
    expect(error.subject).toBe("orders.created");
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(`reply subject "${subject}" is not a JetStream ack subject`);
  });
});
