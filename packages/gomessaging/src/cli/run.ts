import { mermaid } from "../topology/mermaid.js";
import type { Topology } from "../topology/types.js";
import { validateTopologies } from "../topology/validate-topologies.js";
import { type CliIO, processIO } from "./io.js";
import { InputError, readTopologies } from "./read-topologies.js";
import { usage } from "./usage.js";

const program = "natsflux-topology";

async function readAll(io: CliIO, files: readonly string[]): Promise<Topology[]> {
  const topologies: Topology[] = [];
  for (const file of files) topologies.push(...(await readTopologies(io, file)));
  return topologies;
}

function plural(n: number): string {
  return n === 1 ? "topology" : "topologies";
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never exits itself. */
export async function run(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    io.stdout(usage);
    return 0;
  }
  const [command, ...files] = argv;
  if (command !== "validate" && command !== "mermaid") {
    io.stderr(command === undefined ? usage : `${program}: unknown command "${command}"\n\n${usage}`);
    return 2;
  }
  if (files.length === 0) {
    io.stderr(`${program} ${command}: no files given\n\n${usage}`);
    return 2;
  }
  let topologies: Topology[];
  try {
    topologies = await readAll(io, files);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr(`${program}: ${error.message}\n`);
    return 2;
  }
  if (command === "mermaid") {
    io.stdout(mermaid(topologies));
    return 0;
  }
  const problems = validateTopologies(topologies);
  if (problems !== null) {
    io.stderr(`${problems}\n`);
    io.stderr(
      `invalid: ${problems.split("\n").length} problem(s) in ${topologies.length} ${plural(topologies.length)}\n`,
    );
    return 1;
  }
  io.stdout(`ok: ${topologies.length} ${plural(topologies.length)} valid\n`);
  return 0;
}
