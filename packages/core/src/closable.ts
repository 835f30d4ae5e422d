/**
 * A resource that holds a subscription, a consumer loop or a connection. `close()` is idempotent
 * (later calls return the first call's promise) and `Symbol.asyncDispose` runs the same graceful path.
 */
export interface Closable {
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
