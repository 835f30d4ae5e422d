/**
 * Waits for `promise` at most `ms`: true when it fulfilled in time, false when the time ran out (it keeps
 * running, unobserved). A rejection in time is rethrown. The timer is always cleared, so a bounded wait
 * never keeps the process alive.
 */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  promise.catch(() => {});
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
