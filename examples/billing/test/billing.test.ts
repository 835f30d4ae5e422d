import { fileURLToPath } from "node:url";
import { startServer } from "@natsflux/testing";
import { expect, it } from "vitest";
import { EXAMPLE_BOUND_MS, runExample, TEST_TIMEOUT_MS } from "../../run-example.js";
import { runBilling } from "../src/run.js";

const exampleDir = fileURLToPath(new URL("..", import.meta.url));

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

it(
  "`npm start` runs against NATS_URL and exits 0",
  async () => {
    await using server = await startServer();
    const { code, output } = await runExample(exampleDir, EXAMPLE_BOUND_MS, {
      env: { NATS_URL: server.url },
    });
    expect(code, output).toBe(0);
    expect(output).toContain("checkout → fraud-check Fraud.Check ⇒ NoRespondersError");
  },
  TEST_TIMEOUT_MS,
);
