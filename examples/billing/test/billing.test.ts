import { startServer } from "@natsflux/testing";
import { expect, it } from "vitest";
import { itRunsAgainstNatsUrl } from "../../start-test.js";
import { runBilling } from "../src/run.js";

it("answers typed requests through a queue group, reports failures as typed errors", async () => {
  await using server = await startServer();
  const lines: string[] = [];
  const result = await runBilling(server.url, (l) => lines.push(l));
  expect(result.charges).toHaveLength(20);
  const instances = new Set(result.charges.map((c) => c.instance));
  // Each request is answered once, and both instances take a share.
  expect(instances).toEqual(new Set(["billing-blue", "billing-green"]));
  expect(new Set(result.charges.map((c) => c.transactionId)).size).toBe(20);
  expect(result.rejected).toBe("invalid amount -5");
  expect(result.refundReply).toEqual({});
  expect(result.refunds).toEqual([result.charges[0]?.transactionId]);
  expect(result.noResponders).toContain("fraud-check.request.Fraud.Check");
  expect(lines.join("\n")).toContain("publish service-request billing");
});

itRunsAgainstNatsUrl(import.meta.url, startServer, "checkout → fraud-check Fraud.Check ⇒ NoRespondersError");
