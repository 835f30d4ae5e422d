import { validPublishSubject } from "./subjects.js";

/**
 * `validPublishSubject` for one publisher, remembering the last subject that passed: most publishers send to
 * one subject again and again, and comparing a string costs less than checking it.
 */
export class PublishSubjectCheck {
  readonly #reservedBytes: number;
  readonly #maxControlLine: number;
  #passed: string | undefined;

  constructor(reservedBytes: number, maxControlLine: number) {
    this.#reservedBytes = reservedBytes;
    this.#maxControlLine = maxControlLine;
  }

  /** Throws the `ConfigError` of `validPublishSubject`, naming `field`, when the server would refuse `subject`. */
  check(subject: string, field = "subject"): void {
    if (subject === this.#passed) return;
    validPublishSubject(subject, field, this.#reservedBytes, this.#maxControlLine);
    this.#passed = subject;
  }
}
