// In a subscription `*` stands for exactly one token and `>` for one or more trailing tokens; anywhere else
// they are literal characters (`a*` is a literal token), as in nats-server. Subjects are checked with the
// NATS transports' own rules (core's validPublishSubject / validSubscribeSubject) before they get here.

/** True when a message published to `subject` reaches a subscription to `pattern` (both assumed valid). */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject) return true;
  const want = pattern.split(".");
  const have = subject.split(".");
  for (let i = 0; i < want.length; i++) {
    const token = want[i];
    if (token === ">") return have.length > i;
    if (i >= have.length) return false;
    if (token !== "*" && token !== have[i]) return false;
  }
  return want.length === have.length;
}
