import { AbortedError } from "../errors/operation-errors.js";

/** Throws `AbortedError` if the signal has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, operation: string): void {
  if (signal?.aborted) throw new AbortedError(operation, signal.reason);
}

/**
 * Settles with `promise`, or rejects with `AbortedError` as soon as `signal` fires. The listener is
 * removed when the promise settles, so long-lived signals do not accumulate listeners.
 */
export function raceAbort<R>(
  promise: Promise<R>,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<R> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new AbortedError(operation, signal.reason));
  }
  return new Promise<R>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(new AbortedError(operation, signal.reason));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Calls `action` once when `signal` fires; returns a function that detaches the listener. */
export function onAbort(signal: AbortSignal | undefined, action: () => void): () => void {
  if (signal === undefined) return () => {};
  if (signal.aborted) {
    action();
    return () => {};
  }
  signal.addEventListener("abort", action, { once: true });
  return () => signal.removeEventListener("abort", action);
}
