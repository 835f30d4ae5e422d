import { connect } from "@nats-io/transport-node";
import { NatsRequester } from "@natsflux/transport-nats";
import { fluxSubject, rawSubject } from "../children/responder-subjects.js";
import type { Measurement } from "../results.js";
import { spawnChild } from "../util/child.js";
import { bytesCodec, payloadOf } from "../util/payload.js";
import { latencyPercentiles } from "../util/stats.js";
import { Stopwatch } from "../util/stopwatch.js";
import type { BenchContext, OpenSuite, Suite, Workload } from "../workload.js";

const payloadBytes = 128;
const timeout = 5_000;

type Request = () => Promise<unknown>;

/**
 * Core request-reply against an echo service in a separate process: sequential round trips, then
 * `requestsInFlight` concurrent request loops. Raw requests go to a raw echo subscription; natsflux requests go
 * from a NatsRequester to a NatsResponder, so the ratio covers both ends of the natsflux layer.
 */
export const requestReplySuite: Suite = {
  name: "Request-reply",
  ids: (plan) => ["request-reply-sequential", `request-reply-concurrent-${plan.requestsInFlight}`],
  async open({ server, plan }: BenchContext): Promise<OpenSuite> {
    const responder = spawnChild(new URL("../children/responder.ts", import.meta.url), [server.url]);
    await responder.waitForLine((line) => line === "ready", 30_000, "responder process");
    const nc = await connect({ servers: server.url });
    const payload = payloadOf(payloadBytes);
    const requester = new NatsRequester<Uint8Array, Uint8Array>(nc, bytesCodec, bytesCodec, { timeout });
    const raw: Request = () => nc.request(rawSubject, payload, { timeout });
    const flux: Request = () => requester.request(fluxSubject, payload);
    const inFlight = plan.requestsInFlight;
    const workloads: Workload[] = [
      {
        id: "request-reply-sequential",
        label: "Request-reply, sequential",
        group: "Request-reply",
        title: "request-reply, sequential, 128 B (responder in another process)",
        unit: "req/s",
        count: plan.requestsSequential,
        payloadBytes,
        target: 0.85,
        p50OverheadTarget: 0.1,
        raw: {
          how: "await nc.request() → echo subscription in another process",
          run: () => measureRequests(raw, plan.requestsSequential, 1),
        },
        natsflux: {
          how: "await NatsRequester.request() → NatsResponder in another process",
          run: () => measureRequests(flux, plan.requestsSequential, 1),
        },
      },
      {
        id: `request-reply-concurrent-${inFlight}`,
        label: `Request-reply, ${inFlight} in flight`,
        group: "Request-reply",
        title: `request-reply, ${inFlight} in flight, 128 B (responder in another process)`,
        unit: "req/s",
        count: plan.requestsConcurrent,
        payloadBytes,
        target: 0.85,
        p50OverheadTarget: 0.1,
        raw: {
          how: `${inFlight} loops of await nc.request()`,
          run: () => measureRequests(raw, plan.requestsConcurrent, inFlight),
        },
        natsflux: {
          how: `${inFlight} loops of await NatsRequester.request()`,
          run: () => measureRequests(flux, plan.requestsConcurrent, inFlight),
        },
      },
    ];
    return {
      workloads,
      async close() {
        await requester.close();
        await nc.close();
        await responder.stop();
      },
    };
  },
};

/** `count` requests from `loops` concurrent loops, each timing its own round trips. */
async function measureRequests(request: Request, count: number, loops: number): Promise<Measurement> {
  const latencies = new Float64Array(count);
  let next = 0;
  const loop = async () => {
    while (next < count) {
      const index = next++;
      const sent = performance.now();
      await request();
      latencies[index] = performance.now() - sent;
    }
  };
  const watch = new Stopwatch();
  await Promise.all(Array.from({ length: loops }, loop));
  return { ...watch.stop(count), ...latencyPercentiles(latencies) };
}
