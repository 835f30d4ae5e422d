/** `name("a", "b")` → `name("a", "b")`: how a setup names itself in errors and logs. */
export function describeSetup(name: string, ...args: string[]): string {
  return `${name}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
}
