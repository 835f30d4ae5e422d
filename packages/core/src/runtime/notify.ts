/**
 * Calls an application callback (a status listener, a notification handler, a logger...); a throw never
 * reaches the caller: it goes to `onThrow`, or is ignored. Callback failures are the callback's problem: a
 * message loop must survive them, and they can never turn a success into a failure.
 */
export function notify<E>(
  listener: ((event: E) => void) | undefined,
  event: NoInfer<E>,
  onThrow?: (error: unknown) => void,
): void {
  if (listener === undefined) return;
  try {
    listener(event);
  } catch (error) {
    onThrow?.(error);
  }
}
