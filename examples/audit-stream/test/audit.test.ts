import { fileURLToPath } from "node:url";
import { startServer } from "@natsflux/testing";
import { expect, it } from "vitest";
import { EXAMPLE_BOUND_MS, runExample, TEST_TIMEOUT_MS } from "../../run-example.js";
import { runAuditStream } from "../src/audit.js";

const exampleDir = fileURLToPath(new URL("..", import.meta.url));

it("publishes to the audit stream, consumes durably and transiently, and replays logins in order", async () => {
  await using server = await startServer();
  const result = await runAuditStream(server.url, () => {});
  expect(result.logins).toEqual(["ada", "grace", "linus"]);
  expect(result.live).toEqual(["User.Login ada", "User.Login grace", "User.Login linus", "User.Logout ada"]);
  expect(result.replayed).toEqual([
    { userId: "ada", seq: 1 },
    { userId: "grace", seq: 2 },
    { userId: "linus", seq: 3 },
  ]);
  expect(result.stream).toEqual({ subjects: ["audit.>"], storage: "file", maxAgeDays: 90 });
});

it(
  "`npm start` runs against NATS_URL and exits 0",
  async () => {
    await using server = await startServer();
    const { code, output } = await runExample(exampleDir, EXAMPLE_BOUND_MS, {
      env: { NATS_URL: server.url },
    });
    expect(code, output).toBe(0);
    expect(output).toContain("auth-service → audit.User.Logout ada");
  },
  TEST_TIMEOUT_MS,
);
