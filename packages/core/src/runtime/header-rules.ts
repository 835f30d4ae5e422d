/**
 * Why a NATS connection would refuse this header, or undefined when it can carry it. The one statement of
 * the rules: the NATS adapter uses it to explain what nats.js refused, the memory broker to refuse the same.
 */
export function headerProblem(key: string, value: unknown): string | undefined {
  if (key.length === 0) return "header names must not be empty";
  if (!validHeaderName(key)) return "header names may only contain printable ASCII (33-126) except ':'";
  if (typeof value !== "string") return `header values must be strings, got ${typeof value}`;
  if (value.includes("\r") || value.includes("\n")) return "header values must not contain CR or LF";
  return undefined;
}

function validHeaderName(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 33 || c > 126 || c === 58) return false;
  }
  return true;
}
