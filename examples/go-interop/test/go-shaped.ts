// What the Go transport (go-messaging-nats) puts on the wire, reproduced with the raw nats.js client, so
// the interop test needs no Go toolchain. See the wire contract: CloudEvents binary-mode headers, all
// lowercase; ce-time in RFC 3339 with second precision; a JSON body; replies with a bare JSON body.
import { randomUUID } from "node:crypto";
import { headers, type MsgHdrs } from "@nats-io/nats-core";

/** The header set Go's Publisher.Publish sends from `service` for `routingKey`. */
export function goHeaders(service: string, routingKey: string): MsgHdrs {
  const h = headers();
  h.set("service", service);
  h.set("ce-specversion", "1.0");
  h.set("ce-type", routingKey);
  h.set("ce-source", service);
  h.set("ce-datacontenttype", "application/json");
  h.set("ce-time", `${new Date().toISOString().slice(0, 19)}Z`); // Go time.RFC3339: no fraction
  h.set("ce-id", randomUUID());
  return h;
}

/** Go's encoding/json output for a value (no CloudEvents envelope). */
export function goJson(value: unknown): string {
  return JSON.stringify(value);
}
