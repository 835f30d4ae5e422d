/**
 * Turns values of one message type into bytes and back. Codecs are chosen per message type and are
 * stateless. `decode` throws on bad input; transports wrap that into a `DecodeError`.
 */
export interface Codec<T> {
  /** Short identifier used in errors, e.g. "json", "msgpack", "protobuf:acme.Order". */
  readonly name: string;
  /** MIME type of the encoded form, e.g. "application/json". */
  readonly contentType: string;
  encode(value: T): Uint8Array;
  decode(data: Uint8Array): T;
}

/** Payload-less codec helpers often need the payload's static type without a value. */
export type CodecValue<C> = C extends Codec<infer T> ? T : never;
