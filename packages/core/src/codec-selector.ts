import type { Codec } from "./codec.js";

/**
 * Picks the codec of a received message by its subject, for subscriptions that carry several message
 * types. `undefined` means nothing handles that subject: the transport rejects the message unhandled.
 */
export type CodecSelector<T> = (subject: string) => Codec<T> | undefined;

/** What a subscriber decodes with: one codec for every message, or a selector choosing per subject. */
export type CodecChoice<T> = Codec<T> | CodecSelector<T>;
