import { startServer } from "@natsflux/testing";
import { expect, it } from "vitest";
import { itRunsAgainstNatsUrl } from "../../start-test.js";
import { orderPlacedCodec } from "../src/codecs.js";
import { runCodecs } from "../src/run.js";

it("moves each message type with its own codec and keeps malformed payloads away from handlers", async () => {
  await using server = await startServer();
  const result = await runCodecs(server.url, () => {});
  expect(result.orders[0]?.placedAt).toEqual(new Date("2026-03-05T14:30:00Z"));
  expect(result.invoices[0]?.totalCents).toBe(1299n);
  expect(result.invoices[0]?.$typeName).toBe("shop.v1.InvoiceIssued");
  expect(result.carts[0]?.takenAt).toBeInstanceOf(Date);
  expect(result.carts[0]?.fingerprint).toEqual(new Uint8Array([0xca, 0xfe]));
  expect(result.contentTypes).toEqual({
    "Order.Placed": "application/json",
    "Invoice.Issued": "application/protobuf",
    "Cart.Snapshot": "application/msgpack",
  });
  expect(result.refusedToSend).toMatch(/^EncodeError: .*items/);
  expect(result.rejected).toHaveLength(1);
  expect(result.rejected[0]).toMatch(/^DecodeError: codec "schema\(json\)".*items/);
});

it("the zod codec turns the wire's ISO text into a Date and back", () => {
  const placedAt = new Date("2026-01-02T03:04:05.000Z");
  const bytes = orderPlacedCodec.encode({ orderId: "o", items: [{ sku: "a", qty: 1 }], placedAt });
  expect(JSON.parse(new TextDecoder().decode(bytes)).placedAt).toBe("2026-01-02T03:04:05.000Z");
  expect(orderPlacedCodec.decode(bytes).placedAt).toEqual(placedAt);
});

itRunsAgainstNatsUrl(import.meta.url, startServer, "shop → carts.Cart.Snapshot cart-9 (msgpack)");
