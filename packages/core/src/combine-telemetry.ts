import { noopTelemetry, type Telemetry } from "./telemetry.js";

/**
 * One `Telemetry` from several: the first hook wraps the second, and so on (a tracer listed first sees
 * the time the metrics hook spends). `settled` goes to every hook that has it. No-ops are dropped; one
 * hook left is returned as it is, none gives `noopTelemetry`.
 */
export function combineTelemetry(...hooks: ReadonlyArray<Telemetry | undefined>): Telemetry {
  const active = hooks.filter((h): h is Telemetry => h !== undefined && h !== noopTelemetry);
  if (active.length === 0) return noopTelemetry;
  if (active.length === 1) return active[0] as Telemetry;
  return active.reduceRight((inner, outer) => nest(outer, inner));
}

function nest(outer: Telemetry, inner: Telemetry): Telemetry {
  const combined: Telemetry = {
    publish: (operation, run) => outer.publish(operation, () => inner.publish(operation, run)),
    // The inner hook's trace context is the innermost span; an inner hook without one passes the outer's on.
    process: (operation, run) =>
      outer.process(operation, (outerContext) =>
        inner.process(operation, (innerContext) => run(innerContext ?? outerContext)),
      ),
    request: (operation, run) => outer.request(operation, () => inner.request(operation, run)),
  };
  const first = outer.settled;
  const second = inner.settled;
  if (first !== undefined && second !== undefined) {
    combined.settled = (operation, settlement) => {
      // A throwing hook breaks its contract; the next one still hears about the message.
      try {
        first.call(outer, operation, settlement);
      } finally {
        second.call(inner, operation, settlement);
      }
    };
  } else if (first !== undefined || second !== undefined) {
    const only = first !== undefined ? outer : inner;
    const settled = (first ?? second) as NonNullable<Telemetry["settled"]>;
    combined.settled = (operation, settlement) => settled.call(only, operation, settlement);
  }
  return combined;
}
