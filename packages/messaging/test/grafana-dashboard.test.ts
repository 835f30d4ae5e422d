import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { initMetrics } from "../src/metrics/index.js";

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { readonly expr?: string }[];
  readonly panels?: readonly Panel[];
}

const dashboardPath = join(import.meta.dirname, "../../../docs/grafana/natsflux-dashboard.json");
const metricPattern = /\bnats_events_[a-z_]+\b/g;

/** The metrics natsflux registers, and every series name they expose (a histogram's _bucket, _sum, _count). */
async function registered(): Promise<{ metrics: string[]; names: Set<string> }> {
  const registry = new Registry();
  initMetrics(registry);
  const metrics: string[] = [];
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    metrics.push(metric.name);
    names.add(metric.name);
    if (String(metric.type) === "histogram") {
      for (const suffix of ["_bucket", "_sum", "_count"]) names.add(metric.name + suffix);
    }
  }
  return { metrics, names };
}

function allPanels(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

describe("docs/grafana/natsflux-dashboard.json", () => {
  const dashboard = JSON.parse(readFileSync(dashboardPath, "utf8")) as {
    panels: Panel[];
    templating: { list: { query?: string | { query: string } }[] };
  };

  it("parses, and every panel queries only metrics natsflux registers", async () => {
    const { names } = await registered();
    const panels = allPanels(dashboard.panels).filter((p) => p.type !== "row");
    expect(panels.length).toBeGreaterThan(0);
    for (const panel of panels) {
      const exprs = (panel.targets ?? []).map((t) => t.expr ?? "");
      expect(exprs.length, `panel "${panel.title}" has no query`).toBeGreaterThan(0);
      for (const expr of exprs) {
        const used = expr.match(metricPattern) ?? [];
        expect(used.length, `panel "${panel.title}" queries no natsflux metric: ${expr}`).toBeGreaterThan(0);
        for (const name of used) expect(names, `panel "${panel.title}" queries ${name}`).toContain(name);
      }
    }
  });

  it("shows every metric natsflux registers, and its variables query registered metrics too", async () => {
    const { metrics, names } = await registered();
    const queried = new Set(
      allPanels(dashboard.panels).flatMap((p) =>
        (p.targets ?? []).flatMap((t) => (t.expr ?? "").match(metricPattern) ?? []),
      ),
    );
    expect(metrics).toHaveLength(9);
    for (const name of metrics) {
      const family = [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
      expect(
        family.some((n) => queried.has(n)),
        `no panel shows ${name}`,
      ).toBe(true);
    }
    for (const variable of dashboard.templating.list) {
      const query = typeof variable.query === "string" ? variable.query : variable.query?.query;
      for (const name of query?.match(metricPattern) ?? []) expect(names).toContain(name);
    }
  });
});
