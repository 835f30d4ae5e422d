import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { StatusEvent } from "@natsflux/core";
import { type NatsServer, until as pollUntil, startServer } from "@natsflux/testing";
import { afterAll, beforeAll } from "vitest";

/**
 * A Core NATS server (no JetStream) and one connection to it for a test file: started before its tests,
 * closed after them. `use` receives both once they are up.
 */
export function useCoreNatsServer(use: (server: NatsServer, nc: NatsConnection) => void): void {
  let server: NatsServer | undefined;
  let nc: NatsConnection | undefined;
  beforeAll(async () => {
    server = await startServer({ jetstream: false });
    nc = await connect({ servers: server.url });
    use(server, nc);
  });
  afterAll(async () => {
    await nc?.close();
    await server?.[Symbol.asyncDispose]();
  });
}

/** The harness's `until`, in this suite's argument order: fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  await pollUntil(what, check, { timeoutMs, intervalMs: 5 });
}

/** Collects status events so a test can assert on them. */
export function statusLog(): { events: StatusEvent[]; listener: (event: StatusEvent) => void } {
  const events: StatusEvent[] = [];
  return { events, listener: (event) => events.push(event) };
}

/** A promise with its resolve exposed, for holding handlers until the test lets them go. */
export { gate } from "@natsflux/testing";
