// The request-reply echo service, in its own process (as in the raw baseline): the requester's process then
// measures only the requesting side, and the two compete for the 2 cores as real services would.
// Serves the raw echo on `bench.rr.raw` and the natsflux one on `bench.rr.flux`, prints "ready", and exits
// when its stdin closes (the benchmark ended or died).
//
//   argv: <server url>

import { connect } from "@nats-io/transport-node";
import { NatsResponder } from "@natsflux/transport-nats";
import { bytesCodec } from "../util/payload.js";
import { fluxSubject, rawSubject } from "./responder-subjects.js";

async function main(url: string): Promise<void> {
  const nc = await connect({ servers: url });
  nc.subscribe(rawSubject, {
    queue: "bench",
    callback: (_error, msg) => {
      msg.respond(msg.data);
    },
  });
  const responder = new NatsResponder<Uint8Array, Uint8Array>(nc, bytesCodec, bytesCodec);
  await responder.serve(fluxSubject, (m) => m.payload, { queue: "bench" });
  await nc.flush();
  process.stdout.write("ready\n");
  const stop = async () => {
    await responder.close().catch(() => {});
    await nc.close().catch(() => {});
    process.exit(0);
  };
  process.stdin.on("close", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
  process.on("SIGTERM", stop);
}

const url = process.argv[2];
if (url === undefined) {
  console.error("usage: responder.ts <server url>");
  process.exit(2);
}
await main(url);
