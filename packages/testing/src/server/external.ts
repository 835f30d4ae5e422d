/** `$NATS_URL` when set (non-empty), for suites that may run against an already running server. */
export function externalServerUrl(): string | undefined {
  const url = process.env.NATS_URL?.trim();
  return url ? url : undefined;
}
