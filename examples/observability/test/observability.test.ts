import { fileURLToPath } from "node:url";
import { type NatsServer, startServer, until } from "@natsflux/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EXAMPLE_BOUND_MS, type ExampleRun, startExample, TEST_TIMEOUT_MS } from "../../run-example.js";

const exampleDir = fileURLToPath(new URL("..", import.meta.url));

let server: NatsServer;
let run: ExampleRun | undefined;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  run?.terminate();
  await server?.[Symbol.asyncDispose]();
});

const sample = (text: string, series: string): number => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.split(" ")[1]);
};

it(
  "runs the services, prints spans to the console and serves the metrics until SIGTERM",
  async () => {
    // `npm start` as a user runs it, against the test's server.
    run = startExample(exampleDir, {
      env: { NATS_URL: server.url, PORT: undefined, ORDER_INTERVAL_MS: "100" },
    });
    const out = () => run?.output() ?? "";

    const url = await until(
      "the metrics URL",
      () => /metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(out())?.[1],
      { timeoutMs: EXAMPLE_BOUND_MS, intervalMs: 50 }, // the example starting up: mostly tsx compiling the sources
    );
    const billing = 'consumer="billing",routing_key="Order.Created"';
    const text = await until(
      "acks, a nak and publishes on /metrics",
      async () => {
        const body = await (await fetch(url)).text();
        const ready =
          sample(body, `nats_events_ack{${billing}}`) >= 3 &&
          sample(body, `nats_events_nak{${billing}}`) >= 1 &&
          sample(body, 'nats_events_publish_succeed{stream="events",routing_key="Order.Created"}') >= 3 &&
          sample(body, 'nats_events_publish_succeed{stream="payments",routing_key="Charge"}') >= 1;
        return ready ? body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect(text).toContain("# TYPE nats_events_processed_duration histogram");
    expect(text).toContain(`nats_events_processed_duration_bucket{le="100",${billing},result="ACK"}`);

    // The console exporter prints each finished span: the publish, billing's consumer span, its own
    // span, the request and the payment handler.
    for (const name of [
      "publish Order.Created",
      "billing#Order.Created",
      "reserve stock",
      "publish Charge",
      "payments#Charge",
    ]) {
      expect(out()).toContain(`name: '${name}'`);
    }
    expect(out()).toContain("'messaging.destination.subscription': 'billing'");
    expect(out()).toMatch(/billing: o-\d+ charged, receipt r-o-\d+/);

    run.terminate();
    expect(await run.exited(30_000), out()).toBe(0);
    expect(out()).toMatch(/stopped after \d+ orders/);
  },
  TEST_TIMEOUT_MS + 30_000,
);
