import { create } from "@bufbuild/protobuf";
import { jsonCodec } from "@natsflux/codec-json";
import { msgpackCodec } from "@natsflux/codec-msgpack";
import { protobufCodec } from "@natsflux/codec-protobuf";
import { schemaCodec } from "@natsflux/codec-schema";
import { z } from "zod";
import { InvoiceIssuedSchema } from "./gen/invoice_pb.js";

// One codec per message type, chosen where the type is defined, so publisher and consumer agree.

/** Order.Placed: JSON checked by a zod schema on both sides (a bad payload never reaches a handler). */
export const OrderPlaced = z.object({
  orderId: z.string().min(1),
  items: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })).min(1),
  placedAt: z.iso.datetime().transform((s) => new Date(s)), // ISO text on the wire, a Date in code
});
export type OrderPlaced = z.output<typeof OrderPlaced>;
// validateOnEncode: the publisher refuses what consumers would refuse, before anything is sent.
export const orderPlacedCodec = schemaCodec(jsonCodec(), OrderPlaced, { validateOnEncode: true });

/** Invoice.Issued: Protocol Buffers (binary), typed by the schema generated from proto/invoice.proto. */
export const invoiceIssuedCodec = protobufCodec(InvoiceIssuedSchema);
export const newInvoice = (orderId: string, totalCents: bigint) =>
  create(InvoiceIssuedSchema, { invoiceId: `inv-${orderId}`, orderId, totalCents });

/** Cart.Snapshot: MessagePack, compact and binary-friendly (Dates and byte arrays survive the trip). */
export interface CartSnapshot {
  readonly cartId: string;
  readonly skus: string[];
  readonly takenAt: Date;
  readonly fingerprint: Uint8Array;
}
export const cartSnapshotCodec = msgpackCodec<CartSnapshot>();
