import type { BenchResults, WorkloadResult } from "./results.js";

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The ratio, plus the p50 overhead when that is what misses its target. */
function valueText(row: WorkloadResult): string {
  const p50Missed =
    row.p50Overhead !== undefined &&
    row.p50OverheadTarget !== undefined &&
    row.p50Overhead > row.p50OverheadTarget;
  return p50Missed
    ? `${row.ratio.toFixed(2)} (p50 +${Math.round((row.p50Overhead ?? 0) * 100)}%)`
    : row.ratio.toFixed(2);
}

/**
 * A horizontal bar chart of natsflux/raw per workload, as standalone SVG text (no browser, no dependency).
 * Bars are green when the target is met, red when missed, grey for rows without a target; a dark tick marks
 * each target and a dashed line marks parity (1.0).
 */
export function ratioChartSvg(results: BenchResults): string {
  const rows = results.workloads;
  const labelWidth = 250;
  const plotWidth = 480;
  const rowHeight = 26;
  const top = 48;
  const bottom = 40;
  const width = labelWidth + plotWidth + 70;
  const height = top + rows.length * rowHeight + bottom;
  const max = Math.max(1.25, Math.ceil(Math.max(...rows.map((r) => r.ratio)) * 4 + 0.5) / 4);
  const x = (ratio: number) => labelWidth + (Math.min(ratio, max) / max) * plotWidth;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    "<title>natsflux / raw ratio per workload</title>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">natsflux / raw @nats-io client (higher is better, 1.0 = same speed)</text>`,
    `<text x="${width / 2}" y="36" text-anchor="middle" fill="#555555">${escapeXml(`${results.mode} run, ${results.startedAt.slice(0, 10)}, ${results.environment.cpus} CPUs, nats-server ${results.environment.natsServer}, Node ${results.environment.node}`)}</text>`,
  );
  for (let tick = 0; tick <= max + 1e-9; tick += 0.25) {
    const tx = x(tick);
    out.push(
      `<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${top + rows.length * rowHeight}" stroke="${Math.abs(tick - 1) < 1e-9 ? "#333333" : "#e5e5e5"}" ${Math.abs(tick - 1) < 1e-9 ? 'stroke-dasharray="4 3"' : ""}/>`,
      `<text x="${tx}" y="${top + rows.length * rowHeight + 16}" text-anchor="middle" fill="#555555">${tick.toFixed(2)}</text>`,
    );
  }
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const color = row.target === undefined ? "#9e9e9e" : row.meetsTarget ? "#2e7d32" : "#c62828";
    out.push(
      `<text x="${labelWidth - 8}" y="${y + rowHeight / 2 + 4}" text-anchor="end">${escapeXml(row.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 5}" width="${Math.max(1, x(row.ratio) - labelWidth)}" height="${rowHeight - 10}" fill="${color}"/>`,
      `<text x="${Math.max(x(row.ratio), row.target === undefined ? 0 : x(row.target)) + 6}" y="${y + rowHeight / 2 + 4}">${valueText(row)}</text>`,
    );
    if (row.target !== undefined) {
      const tx = x(row.target);
      out.push(
        `<line x1="${tx}" y1="${y + 2}" x2="${tx}" y2="${y + rowHeight - 2}" stroke="#111111" stroke-width="2"/>`,
      );
    }
  });
  const legendY = height - 8;
  out.push(
    `<rect x="${labelWidth}" y="${legendY - 9}" width="10" height="10" fill="#2e7d32"/><text x="${labelWidth + 14}" y="${legendY}">target met</text>`,
    `<rect x="${labelWidth + 95}" y="${legendY - 9}" width="10" height="10" fill="#c62828"/><text x="${labelWidth + 109}" y="${legendY}">target missed</text>`,
    `<rect x="${labelWidth + 205}" y="${legendY - 9}" width="10" height="10" fill="#9e9e9e"/><text x="${labelWidth + 219}" y="${legendY}">no target</text>`,
    `<line x1="${labelWidth + 290}" y1="${legendY - 9}" x2="${labelWidth + 290}" y2="${legendY + 1}" stroke="#111111" stroke-width="2"/><text x="${labelWidth + 296}" y="${legendY}">target</text>`,
    "</svg>",
  );
  return `${out.join("\n")}\n`;
}
