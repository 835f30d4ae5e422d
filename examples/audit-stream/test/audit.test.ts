import { startServer } from "@natsflux/testing";
import { expect, it } from "vitest";
import { itRunsAgainstNatsUrl } from "../../start-test.js";
import { runAuditStream } from "../src/audit.js";

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

itRunsAgainstNatsUrl(import.meta.url, startServer, "auth-service → audit.User.Logout ada");
