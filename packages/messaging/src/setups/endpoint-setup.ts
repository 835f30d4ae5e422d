import { jsonCodec } from "@natsflux/codec-json";
import type { FacadeConfig } from "../config.js";
import type { Declarations } from "../declarations.js";
import { claimPublisher, type Publisher } from "../publisher.js";
import type { EndpointSetup } from "../setup.js";

/** What payloads are encoded and decoded with unless a `withCodec` or the `Publisher` says otherwise. */
export const defaultCodec = jsonCodec<unknown>();

/**
 * An endpoint setup named like the call that made it (`name("a", "b")`), the name errors and logs give.
 * `declare` gets that name too, to record which setup declared what.
 */
export function endpointSetup(
  name: string,
  args: readonly string[],
  declare: (declarations: Declarations, setup: string, config: FacadeConfig) => void,
): EndpointSetup {
  const description = `${name}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
  return {
    kind: "endpoint",
    description,
    declare: (declarations, config) => declare(declarations, description, config),
  };
}

/** Binds `publisher` to `setup`: a Publisher serves one setup only. */
export function claim<T, R>(publisher: Publisher<T, R>, setup: string): Publisher<unknown, unknown> {
  const untyped = publisher as unknown as Publisher<unknown, unknown>;
  untyped[claimPublisher](setup);
  return untyped;
}
