/** Keeps the last `maxChars` characters of a process's output, for error messages. */
export class LogTail {
  readonly #maxChars: number;
  #text = "";

  constructor(maxChars = 64 * 1024) {
    this.#maxChars = maxChars;
  }

  append(chunk: Buffer | string): void {
    this.#text += chunk.toString();
    if (this.#text.length > this.#maxChars) this.#text = this.#text.slice(-this.#maxChars);
  }

  /** The last `lines` complete or partial lines. */
  tail(lines = 40): string {
    return this.#text.trimEnd().split("\n").slice(-lines).join("\n");
  }
}
