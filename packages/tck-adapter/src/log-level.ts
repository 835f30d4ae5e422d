import type { LogLevel } from "@natsflux/messaging";

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/** The facade's log level from `TCK_ADAPTER_LOG_LEVEL` (default "info"; logs go to stdout/stderr). */
export function logLevelFrom(value: string | undefined): LogLevel {
  if (value === undefined || value === "") return "info";
  const level = LEVELS.find((l) => l === value.toLowerCase());
  if (level === undefined)
    throw new Error(`TCK_ADAPTER_LOG_LEVEL must be one of ${LEVELS.join(", ")}, got ${value}`);
  return level;
}
