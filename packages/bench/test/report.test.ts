import { describe, expect, it } from "vitest";
import { ratioChartSvg } from "../src/chart.js";
import { endMarker, spliceResults, startMarker } from "../src/docs.js";
import { latencyTable, resultsMarkdown, throughputTable } from "../src/report.js";
import { results, workload } from "./fixtures.js";

const sample = results([
  workload("met", 0.95, { target: 0.9, meetsTarget: true }),
  workload("missed", 0.6, { target: 0.9, meetsTarget: false }),
  workload("info", 1.1),
  workload("rr", 0.9, {
    target: 0.85,
    p50OverheadTarget: 0.1,
    meetsTarget: true,
    p50Overhead: 0.05,
    raw: { how: "r", rounds: [], median: { rate: 1000, p50Ms: 0.2, p99Ms: 0.5 } },
    natsflux: { how: "n", rounds: [], median: { rate: 900, p50Ms: 0.21, p99Ms: 0.6 } },
  }),
]);

describe("report", () => {
  it("has one throughput row per workload, with ratio and verdict", () => {
    const table = throughputTable(sample).split("\n");
    expect(table).toHaveLength(2 + 4);
    expect(table[2]).toContain("**0.95**");
    expect(table[2]).toContain("✅");
    expect(table[3]).toContain("❌");
    expect(table[4]).toContain("| – |");
  });

  it("lists latency percentiles only for workloads that have them", () => {
    const table = latencyTable(sample).split("\n");
    expect(table).toHaveLength(3);
    expect(table[2]).toContain("0.200");
    expect(table[2]).toContain("+5%");
  });

  it("links the chart from the results section", () => {
    expect(resultsMarkdown(sample, "chart.svg")).toContain("![natsflux/raw ratio per workload](chart.svg)");
  });
});

describe("chart", () => {
  it("draws one bar per workload, escapes labels and colours by verdict", () => {
    const svg = ratioChartSvg(sample);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("<title>");
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("met &lt;label&gt;");
    expect(svg).not.toContain("<label>");
    expect(svg.match(/<rect x="250"/g)).toHaveLength(5); // 4 bars + 1 legend swatch at the label edge
    expect(svg).toContain("#2e7d32");
    expect(svg).toContain("#c62828");
    expect(svg).toContain("#9e9e9e");
  });
});

describe("docs splice", () => {
  it("replaces only what is between the markers", () => {
    const doc = `# Title\n\nintro\n\n${startMarker}\n\nold\n\n${endMarker}\n\noutro\n`;
    const out = spliceResults(doc, "new");
    expect(out).toContain("intro");
    expect(out).toContain("outro");
    expect(out).toContain("new");
    expect(out).not.toContain("old");
    expect(spliceResults(out, "newer")).not.toContain("\nnew\n");
  });

  it("appends the section when the markers are missing", () => {
    const out = spliceResults("# Title\n", "section");
    expect(out).toMatch(/^# Title\n\n<!-- bench:results:start/);
    expect(out).toContain(`section\n\n${endMarker}\n`);
  });
});
