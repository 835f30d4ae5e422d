import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/index.js";
import {
  defaultMaxControlLine,
  PublishSubjectCheck,
  replyInboxBytes,
  utf8Length,
  validMaxControlLine,
  validPublishSubject,
  validQueue,
  validQueueName,
  validSubscribeSubject,
  validSubscription,
} from "../src/internal.js";
import { errorOf } from "./helpers.js";

// What the server measures: everything after "PUB " / "SUB " up to the line end, at most max_control_line.
const overhead = 24;

describe("validPublishSubject", () => {
  it.each(["a", "orders.created", "a.b-c_d.e:f", "a*.b", "a.>b", "#.x", "ünïcødé.主题"])(
    "accepts %j",
    (subject) => {
      expect(validPublishSubject(subject)).toBe(subject);
    },
  );

  it.each([
    ["", /non-empty/],
    ["a b", /whitespace/],
    ["a\tb", /whitespace/],
    ["a\r\nb", /whitespace/],
    ["a\u00a0b", /whitespace/],
    [".a", /empty tokens/],
    ["a.", /empty tokens/],
    ["a..b", /empty tokens/],
    [".", /empty tokens/],
    ["*", /wildcard/],
    [">", /wildcard/],
    ["a.*", /wildcard/],
    ["a.*.b", /wildcard/],
    ["a.>", /wildcard/],
  ])("refuses %j", (subject, reason) => {
    const error = errorOf(() => validPublishSubject(subject));
    expect(error.field).toBe("subject");
    expect(error.message).toMatch(reason);
  });

  it("refuses a value that is not a string", () => {
    expect(() => validPublishSubject(undefined as unknown as string)).toThrow(ConfigError);
    expect(() => validPublishSubject(42 as unknown as string)).toThrow(ConfigError);
  });

  it("names the field it was given", () => {
    expect(errorOf(() => validPublishSubject("a..b", "routingKey")).field).toBe("routingKey");
  });

  it("takes a subject up to the control line budget, and refuses one byte more", () => {
    const room = defaultMaxControlLine - overhead;
    expect(() => validPublishSubject("x".repeat(room))).not.toThrow();
    const error = errorOf(() => validPublishSubject("x".repeat(room + 1)));
    expect(error.message).toMatch(/max_control_line of 4096 bytes/);
    expect(error.message).toMatch(new RegExp(`is ${room + 1} bytes`));
    expect(error.message).toMatch(new RegExp(`at most ${room} bytes fit`));
  });

  it("counts the reply inbox into the budget", () => {
    const reply = replyInboxBytes(undefined);
    const room = defaultMaxControlLine - overhead - reply;
    expect(() => validPublishSubject("x".repeat(room), "subject", reply)).not.toThrow();
    const error = errorOf(() => validPublishSubject("x".repeat(room + 1), "subject", reply));
    expect(error.message).toMatch(/next to the reply inbox \(38 bytes\)/);
  });

  it("counts UTF-8 bytes, not UTF-16 units", () => {
    const room = defaultMaxControlLine - overhead;
    // "é" is 2 bytes, "主" 3, "😀" (a surrogate pair, 2 units) 4.
    expect(() => validPublishSubject("é".repeat(room / 2))).not.toThrow();
    expect(() => validPublishSubject(`${"é".repeat(room / 2)}x`)).toThrow(/max_control_line/);
    expect(() => validPublishSubject("主".repeat(Math.floor(room / 3)))).not.toThrow();
    expect(() => validPublishSubject("主".repeat(Math.floor(room / 3) + 1))).toThrow(/max_control_line/);
    expect(() => validPublishSubject("😀".repeat(room / 4))).not.toThrow();
    expect(() => validPublishSubject(`${"😀".repeat(room / 4)}x`)).toThrow(/max_control_line/);
  });

  it("follows a configured max_control_line", () => {
    expect(() => validPublishSubject("x".repeat(5000), "subject", 0, 8192)).not.toThrow();
    expect(() => validPublishSubject("x".repeat(100), "subject", 0, 100)).toThrow(/max_control_line of 100/);
  });

  it("cuts a long subject in the message", () => {
    const error = errorOf(() => validPublishSubject(`a.${"x".repeat(10_000)}`));
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain("…");
  });
});

describe("validSubscribeSubject", () => {
  it.each(["a", "a.*", "*", ">", "a.>", "*.b.>", "a*.b"])("accepts %j", (subject) => {
    expect(validSubscribeSubject(subject)).toBe(subject);
  });

  it.each([
    ["", /non-empty/],
    ["a b", /whitespace/],
    ["a..b", /empty tokens/],
    ["a.>.b", /only be the last token/],
    [">.a", /only be the last token/],
  ])("refuses %j", (subject, reason) => {
    expect(errorOf(() => validSubscribeSubject(subject)).message).toMatch(reason);
  });

  it("counts the queue group into the SUB line", () => {
    const room = defaultMaxControlLine - overhead;
    const queue = "q".repeat(100);
    expect(validSubscription("x".repeat(room - 100), queue)).toBe(queue);
    const error = errorOf(() => validSubscription("x".repeat(room - 99), queue));
    expect(error.message).toMatch(/next to the queue group \(100 bytes\)/);
    expect(validSubscription("x".repeat(room), undefined)).toBeUndefined();
  });
});

describe("queue group names", () => {
  it("accepts names nats-server takes as a subject", () => {
    expect(validQueueName("workers")).toBe("workers");
    expect(validQueueName("svc.workers")).toBe("svc.workers");
    // nats-server delivers to such a group (2.9.10 and 2.15.2), so it is not refused.
    expect(validQueueName("a..b")).toBe("a..b");
    expect(validQueue(undefined)).toBeUndefined();
  });

  it.each(["", "a b", "a\tb", "a\r\nb"])("refuses %j", (queue) => {
    expect(errorOf(() => validQueueName(queue)).field).toBe("queue");
    expect(errorOf(() => validQueue(queue)).field).toBe("queue");
    expect(errorOf(() => validSubscription("a", queue)).field).toBe("queue");
  });
});

describe("helpers", () => {
  it("replyInboxBytes: the nats.js mux inbox, {prefix}.{22}.{8}", () => {
    expect(replyInboxBytes(undefined)).toBe("_INBOX".length + 32);
    expect(replyInboxBytes("")).toBe("_INBOX".length + 32);
    expect(replyInboxBytes("my.inbox")).toBe("my.inbox".length + 32);
  });

  it("utf8Length matches TextEncoder", () => {
    for (const text of ["", "abc", "é", "主题", "😀", "a😀é主"]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it("validMaxControlLine: the default, a larger value, and nonsense", () => {
    expect(validMaxControlLine(undefined)).toBe(4096);
    expect(validMaxControlLine(65_536)).toBe(65_536);
    for (const bad of [0, -1, 24, 1.5, Number.NaN]) {
      expect(errorOf(() => validMaxControlLine(bad)).field).toBe("maxControlLine");
    }
  });
});

describe("PublishSubjectCheck", () => {
  it("checks every new subject, remembers the last one that passed, and never remembers a refused one", () => {
    const check = new PublishSubjectCheck(38, 4096);
    check.check("a.b");
    check.check("a.b");
    expect(() => check.check("")).toThrow(ConfigError);
    expect(() => check.check("")).toThrow(ConfigError);
    expect(() => check.check("a.*")).toThrow(/wildcard/);
    expect(() => check.check("x".repeat(4035), "routingKey")).toThrow(/next to the reply inbox/);
    const error = errorOf(() => check.check("x".repeat(4035), "routingKey"));
    expect(error.field).toBe("routingKey");
    check.check("x".repeat(4034));
    check.check("c.d");
  });
});
