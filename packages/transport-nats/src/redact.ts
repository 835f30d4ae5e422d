/** Removes `user:password@` (or `token@`) from URLs in `text`, so credentials never reach an error message. */
export function redact(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]+@/g, "$1***@");
}
