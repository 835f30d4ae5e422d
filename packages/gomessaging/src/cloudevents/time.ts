// ce-time handling. Go writes time.RFC3339 in UTC: second precision, ending in "Z".

/** `2026-03-05T14:30:00Z`: `date` in UTC without milliseconds, as the Go publisher writes `ce-time`. */
export function formatCETime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

// Every publish stamps ce-time, and at second precision consecutive stamps are almost always equal: the
// string is built once per second instead of a Date and an ISO string per message (~0.5 µs each).
let stampedSecond = Number.NaN;
let stamp = "";

/** `formatCETime(new Date())`, computed at most once per wall-clock second. */
export function currentCETime(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== stampedSecond) {
    stamp = formatCETime(new Date(second * 1000));
    stampedSecond = second;
  }
  return stamp;
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/u;

// Received ce-time values repeat from message to message (one per second per publisher), so the last
// answer is kept: the check is pure, and a one-entry cache cannot grow.
let lastChecked: string | undefined;
let lastValid = false;

/** True when `value` is an RFC 3339 timestamp Go's `time.Parse(time.RFC3339, …)` would accept. */
export function isRFC3339(value: string): boolean {
  if (value === lastChecked) return lastValid;
  const valid = checkRFC3339(value);
  lastChecked = value;
  lastValid = valid;
  return valid;
}

function checkRFC3339(value: string): boolean {
  const m = rfc3339.exec(value);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return false;
  if (m[7] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return false;
  return true;
}
