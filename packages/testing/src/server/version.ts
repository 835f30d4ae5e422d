/** Numeric major.minor.patch of "v2.10.3", "2.11.0-RC.1" or "2.9"; a pre-release counts as its release. */
function parts(version: string): number[] {
  const core = version.trim().replace(/^v/i, "").split(/[-+]/, 1)[0] ?? "";
  return core.split(".").map((p) => Number.parseInt(p, 10) || 0);
}

/** True when `version` >= `min`, comparing numerically: "2.9.10" >= "2.10.0" is false. */
export function versionAtLeast(version: string, min: string): boolean {
  const a = parts(version);
  const b = parts(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
