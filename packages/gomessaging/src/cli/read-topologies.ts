import { parseTopologies } from "../topology/parse-topologies.js";
import type { Topology } from "../topology/types.js";
import type { CliIO } from "./io.js";

/** Input the CLI cannot work with; the message already names the file. */
export class InputError extends Error {
  override readonly name = "InputError";
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads, decodes and shape-checks one file; every failure becomes an `InputError` naming it. */
export async function readTopologies(io: CliIO, file: string): Promise<Topology[]> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    throw new InputError(`${file}: cannot read file: ${reason(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: malformed JSON: ${reason(error)}`);
  }
  try {
    return parseTopologies(value);
  } catch (error) {
    throw new InputError(`${file}: not a topology: ${reason(error)}`);
  }
}
