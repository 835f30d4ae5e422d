import { connect } from "@nats-io/transport-node";
import { runCoreNats } from "./core-nats.js";
import { runDeadLetters } from "./dead-letters.js";
import { runJetStream } from "./jetstream.js";
import { runPullAndReplay } from "./pull-and-replay.js";

/** Every low-level scenario on one connection, which this function owns and drains at the end. */
export async function runLowLevel(servers: string, log: (line: string) => void = console.log) {
  // The transports borrow the connection. Never giving up on reconnects keeps subscriptions alive
  // across server restarts of any length (nats.js stops after 10 attempts by default).
  const nc = await connect({ servers, name: "low-level-example", maxReconnectAttempts: -1 });
  try {
    const core = await runCoreNats(nc, log);
    const jetstream = await runJetStream(nc, log);
    const pull = await runPullAndReplay(nc, log);
    const deadLetters = await runDeadLetters(nc, log);
    return { core, jetstream, pull, deadLetters };
  } finally {
    await nc.drain();
  }
}
