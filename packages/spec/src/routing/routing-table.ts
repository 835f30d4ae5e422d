import { DuplicateRoutingKeyError } from "../errors/duplicate-routing-key-error.js";
import { routingKeyMatcher } from "./match.js";

interface Route<H> {
  readonly handler: H;
  readonly matches: (routingKey: string) => boolean;
}

/**
 * Picks the handler for a routing key: an exact registration wins, otherwise the first pattern that
 * matches in registration order. Go iterates a map here, so with overlapping patterns its choice is
 * random; this makes it deterministic. `routes` is iterated in insertion order.
 */
export function findHandler<H>(routes: ReadonlyMap<string, H>, routingKey: string): H | undefined {
  if (routes.has(routingKey)) return routes.get(routingKey);
  for (const [pattern, handler] of routes) {
    if (routingKeyMatcher(pattern)(routingKey)) return handler;
  }
  return undefined;
}

/** Routing key → handler, with the lookup rule of `findHandler` and patterns compiled once. */
export class RoutingTable<H> {
  readonly #routes = new Map<string, Route<H>>();

  /** Registers `handler` for `pattern`; a pattern can be registered once (`DuplicateRoutingKeyError`). */
  add(pattern: string, handler: H): this {
    if (this.#routes.has(pattern)) throw new DuplicateRoutingKeyError(pattern);
    this.#routes.set(pattern, { handler, matches: routingKeyMatcher(pattern) });
    return this;
  }

  find(routingKey: string): H | undefined {
    const exact = this.#routes.get(routingKey);
    if (exact !== undefined) return exact.handler;
    for (const route of this.#routes.values()) {
      if (route.matches(routingKey)) return route.handler;
    }
    return undefined;
  }

  has(pattern: string): boolean {
    return this.#routes.has(pattern);
  }

  /** Registered patterns, in registration order. */
  patterns(): string[] {
    return [...this.#routes.keys()];
  }

  get size(): number {
    return this.#routes.size;
  }
}
