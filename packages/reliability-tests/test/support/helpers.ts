import { type ConnectionOptions, createConnection, type Logger } from "@natsflux/messaging";
import { until } from "@natsflux/testing";

/** One log call as the facade made it. */
export interface LogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly attributes: Record<string, unknown> | undefined;
}

/** A facade logger that keeps every entry, so a test can assert on what was (and was not) logged. */
export function captureLogger(): Logger & { readonly entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry["level"]) =>
    (message: string, attributes?: Record<string, unknown>): void => {
      entries.push({ level, message, attributes });
    };
  return {
    entries,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    /** Every entry rendered with error messages, causes and stacks, for substring checks. */
    text: () => entries.map((e) => `${e.level} ${e.message} ${render(e.attributes)}`).join("\n"),
  };
}

/** Everything an error could show a user: name, message, stack and the whole cause chain, plus own fields. */
export function render(value: unknown, depth = 0): string {
  if (depth > 6) return "";
  if (value instanceof Error) {
    const own = Object.entries(value)
      .filter(([key]) => key !== "cause")
      .map(([key, v]) => `${key}=${render(v, depth + 1)}`)
      .join(" ");
    return `${value.name}: ${value.message}\n${value.stack ?? ""}\n${own}\ncause: ${render(value.cause, depth + 1)}`;
  }
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? render(v, depth + 1) : v));
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** The harness's `until`, in this suite's argument order: fails after `timeoutMs` naming `what`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  await until(what, condition, { timeoutMs });
}

/** For pacing the steady producer only (a rate is the input there); waiting for state is `waitFor`'s job. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A facade connection with a capturing logger; the caller closes it. */
export function facade(options: Omit<ConnectionOptions, "logger"> & { logger?: Logger }) {
  const logger = options.logger ?? captureLogger();
  return createConnection({ ...options, logger });
}

/** Counts how often each message number was handled. */
export class Tally {
  readonly counts = new Map<number, number>();

  add(n: number): void {
    this.counts.set(n, (this.counts.get(n) ?? 0) + 1);
  }

  has(n: number): boolean {
    return this.counts.has(n);
  }

  get distinct(): number {
    return this.counts.size;
  }

  get total(): number {
    let sum = 0;
    for (const c of this.counts.values()) sum += c;
    return sum;
  }

  get duplicates(): number {
    return this.total - this.distinct;
  }

  /** Numbers of `expected` that were never handled. */
  missing(expected: Iterable<number>): number[] {
    return [...expected].filter((n) => !this.counts.has(n));
  }
}

/** Appends one line to the run's report (read by docs/reliability.md authors); silent when unset. */
export function report(scenario: string, facts: Record<string, unknown>): void {
  if (process.env.NATSFLUX_RELIABILITY_REPORT !== "1") return;
  console.log(`[reliability] ${scenario} ${JSON.stringify(facts)}`);
}
