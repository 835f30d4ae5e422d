import type { Registry } from "prom-client";

/** One sample line of the Prometheus text exposition: name, labels and value. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Scrapes `registry` as Prometheus would (its text format) and parses the sample lines. */
export async function scrape(registry: Registry): Promise<{ text: string; samples: Sample[] }> {
  const text = await registry.metrics();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`unparsable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[k as string] = v as string;
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return { text, samples };
}

/**
 * The value of `name` for the series whose labels include `labels`, summed over the series that match
 * (0 when none does, as a counter that never moved reads in PromQL).
 */
export function value(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
