import type { Codec, CodecChoice } from "@natsflux/core";

/** A subscriber's codec option as a per-subject lookup: a single codec answers every subject. */
export function codecChooser<T>(choice: CodecChoice<T>): (subject: string) => Codec<T> | undefined {
  if (typeof choice === "function") return choice;
  return () => choice;
}
