// Summarizes a V8 .cpuprofile: self time per function (top N), and the share spent in each package.
//
//   tsx src/profile-summary.ts <file.cpuprofile> [top]

import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}

interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** "natsflux:transport-jetstream", "nats:jetstream", "node", ... from a script URL. */
export function ownerOf(url: string): string {
  const natsflux = /packages\/([^/]+)\/src\//.exec(url);
  if (natsflux) return `natsflux:${natsflux[1]}`;
  const nats = /@nats-io\/([^/]+)\//.exec(url);
  if (nats) return `nats:${nats[1]}`;
  if (url.startsWith("node:") || url === "") return "node/V8";
  return url.replace(/^.*node_modules\//, "");
}

function summarize(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const perFunction = new Map<string, number>();
  const perOwner = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
    const name =
      functionName === "(idle)" || functionName === "(program)" || functionName === "(garbage collector)"
        ? functionName
        : `${functionName || "(anonymous)"} ${url.replace(/^.*\/(packages|node_modules)\//, "")}:${lineNumber + 1}`;
    perFunction.set(name, (perFunction.get(name) ?? 0) + us);
    const owner = functionName.startsWith("(") ? functionName : ownerOf(url);
    perOwner.set(owner, (perOwner.get(owner) ?? 0) + us);
  }
  const line = (name: string, us: number) =>
    `${(us / 1000).toFixed(0).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`;
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n\nby package:`);
  for (const [owner, us] of [...perOwner].sort((a, b) => b[1] - a[1])) console.log(line(owner, us));
  console.log(`\ntop ${top} functions by self time:`);
  for (const [name, us] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(line(name, us));
}

const [file, top] = process.argv.slice(2);
if (!file) {
  console.error("usage: profile-summary.ts <file.cpuprofile> [top]");
  process.exit(2);
}
summarize(file, Number(top ?? 40));
