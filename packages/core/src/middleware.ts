import type { Handler } from "./handler.js";
import type { Message } from "./message.js";

/** Wraps a handler to add behaviour around it (logging, retries, validation...). */
export type Middleware<T, M extends Message<T> = Message<T>> = (next: Handler<T, M>) => Handler<T, M>;

/** Composes middlewares; the first one is the outermost: `chain(a, b)(h)` is `a(b(h))`. */
export function chain<T, M extends Message<T> = Message<T>>(
  ...middlewares: ReadonlyArray<Middleware<T, M>>
): Middleware<T, M> {
  return (handler) => middlewares.reduceRight<Handler<T, M>>((next, middleware) => middleware(next), handler);
}
