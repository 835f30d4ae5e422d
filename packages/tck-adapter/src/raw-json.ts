import { compactJson } from "./compact-json.js";

/**
 * A JSON value kept as its text, so payloads reach the runner exactly as they were on the wire
 * (numbers beyond 2^53, key order and all). `text` is valid, compact JSON: it fits on one protocol line.
 */
export class RawJson {
  readonly text: string;

  private constructor(text: string) {
    this.text = text;
  }

  /** Checks that `text` is JSON and compacts it; throws `SyntaxError` otherwise. */
  static parse(text: string): RawJson {
    JSON.parse(text);
    return new RawJson(compactJson(text));
  }

  /** Serialises a value that came out of `JSON.parse` (a request's `payload`). */
  static of(value: unknown): RawJson {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError("payload is not a JSON value");
    return new RawJson(text);
  }

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}
