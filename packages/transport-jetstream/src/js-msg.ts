import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { JsMsg } from "@nats-io/jetstream";
import type { Msg } from "@nats-io/nats-core";

type ToJsMsg = (msg: Msg, ackTimeout: number) => JsMsg;

let cached: ToJsMsg | undefined;

/**
 * Wraps a message received on our own pull inbox as the client's JetStream message, so acks, naks, `working()`
 * and delivery info behave exactly as for messages of the client's own fetch. The client does not export the
 * converter (only its consume/fetch engines use it), so it is loaded from the installed package, whose version
 * is pinned in package.json; a layout change fails loudly on the first message, not silently.
 */
export function toJsMsg(msg: Msg, ackTimeout: number): JsMsg {
  cached ??= loadConverter();
  return cached(msg, ackTimeout);
}

function loadConverter(): ToJsMsg {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@nats-io/jetstream");
  const module = require(join(dirname(entry), "jsmsg.js")) as { toJsMsg?: unknown };
  if (typeof module.toJsMsg !== "function") {
    throw new TypeError(
      `@nats-io/jetstream at ${dirname(entry)} has no jsmsg.toJsMsg; expected version 3.4.x`,
    );
  }
  return module.toJsMsg as ToJsMsg;
}
