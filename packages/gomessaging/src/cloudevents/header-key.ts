import { InvalidHeaderError } from "../errors/invalid-header-error.js";

/** Header carrying the publishing service's name; set by the publisher, never by the user. */
export const ServiceHeader = "service";

/** Keys a user header may not use. The match is exact and case-sensitive, as in Go. */
const ReservedHeaderKeys: readonly string[] = Object.freeze([ServiceHeader]);

/** Throws `InvalidHeaderError` with Go's wording for an empty or reserved user header key. */
export function validateHeaderKey(key: string): void {
  if (key === "") throw new InvalidHeaderError(key, "empty key not allowed");
  if (ReservedHeaderKeys.includes(key)) {
    throw new InvalidHeaderError(key, `reserved key ${key} used, please change to use another one`);
  }
}
