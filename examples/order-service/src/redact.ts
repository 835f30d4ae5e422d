/** Hides user:password@ in a URL, so credentials never reach the console. */
export function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/g, "//***@");
}
