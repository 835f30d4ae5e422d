import { DuplicateRoutingKeyError } from "../errors/duplicate-routing-key-error.js";
import { routingKeyMatcher } from "./match.js";

interface Route<H> {
  readonly handler: H;
  readonly matches: (routingKey: string) => boolean;
}

/**
 * Routing key → handler, patterns compiled once. An exact registration wins, otherwise the first pattern
 * that matches in registration order. Go iterates a map here, so with overlapping patterns its choice is
 * random; this makes it deterministic.
 */
export class RoutingTable<H> {
  readonly #routes = new Map<string, Route<H>>();

  /** Registers `handler` for `pattern`; a pattern can be registered once (`DuplicateRoutingKeyError`). */
  add(pattern: string, handler: H): this {
    if (this.#routes.has(pattern)) throw new DuplicateRoutingKeyError(pattern);
    this.#routes.set(pattern, { handler, matches: routingKeyMatcher(pattern) });
    return this;
  }

  /** The handler for a received routing key, or `undefined` when no registration matches it. */
  find(routingKey: string): H | undefined {
    const exact = this.#routes.get(routingKey);
    if (exact !== undefined) return exact.handler;
    for (const route of this.#routes.values()) {
      if (route.matches(routingKey)) return route.handler;
    }
    return undefined;
  }

  /** Whether `pattern` itself was registered (an exact match of the pattern, not of a key). */
  has(pattern: string): boolean {
    return this.#routes.has(pattern);
  }

  /** Registered patterns, in registration order. */
  patterns(): string[] {
    return [...this.#routes.keys()];
  }

  /** How many patterns are registered. */
  get size(): number {
    return this.#routes.size;
  }
}
