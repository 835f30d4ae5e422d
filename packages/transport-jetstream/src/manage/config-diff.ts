import type { FieldConflict } from "../errors.js";

/**
 * The requested fields whose value differs from the current configuration. When the server's message names
 * some of them ("can not change storage type"), only those are returned: they are the ones it refused.
 */
export function refusedFields(
  requested: Readonly<Record<string, unknown>>,
  current: Readonly<Record<string, unknown>> | undefined,
  serverMessage: string,
): FieldConflict[] {
  const differing: FieldConflict[] = [];
  for (const [field, value] of Object.entries(requested)) {
    if (value === undefined) continue;
    const now = current?.[field];
    if (!sameValue(now, value)) differing.push({ field, current: now ?? null, requested: value });
  }
  return namedByServer(differing, serverMessage);
}

/**
 * Of the differing fields, those the server's refusal names ("deliver policy can not be updated"); all of
 * them when it names none, so the error never comes back empty-handed.
 */
export function namedByServer(differing: FieldConflict[], serverMessage: string): FieldConflict[] {
  const message = serverMessage.toLowerCase();
  const named = differing.filter((c) => mentions(message, c.field));
  return named.length > 0 ? named : differing;
}

/** How the server's messages spell fields whose name does not read as words (nats-server consumer updates). */
const spoken: Readonly<Record<string, string>> = {
  mem_storage: "storage type",
  opt_start_seq: "start sequence",
  opt_start_time: "start time",
  idle_heartbeat: "heart beat",
};

function mentions(message: string, field: string): boolean {
  const alias = spoken[field];
  if (alias !== undefined && message.includes(alias)) return true;
  const words = field.split("_");
  // "deliver_policy" -> "deliver policy", "storage" -> "storage", "max_deliver" -> "max deliver"
  return message.includes(words.join(" ")) || (words.length > 1 && message.includes(field));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
