import { describe, expect, it } from "vitest";
import {
  validCount,
  validFunction,
  validMethods,
  validOneOf,
  validRecord,
  validString,
  validTimeout,
  validTimeouts,
  validWholeNumber,
} from "../src/internal.js";
import { errorOf } from "./helpers.js";

describe("option checks: one ConfigError per kind of value, naming the field and the value", () => {
  it("accepts valid values and returns them", () => {
    expect(validTimeout(5, "drainTimeout")).toBe(5);
    expect(validTimeouts("backOff", [1, 2])).toEqual([1, 2]);
    expect(validCount("maxPending", undefined, 7)).toBe(7);
    expect(validWholeNumber("maxDeliver", 0)).toBe(0);
    expect(validString("messageType", "x")).toBe("x");
    expect(validOneOf("level", "warn", ["warn", "error"])).toBe("warn");
    expect(validRecord("streams", { a: 1 }, ["a"])).toEqual({ a: 1 });
  });

  it.each([
    [
      () => validTimeout(0, "requestTimeout"),
      "requestTimeout",
      "must be a finite number of milliseconds >= 1, got 0",
    ],
    [() => validTimeout("5"), "timeout", 'must be a finite number of milliseconds >= 1, got "5"'],
    [
      () => validTimeouts("backOff", [1, -1]),
      "backOff[1]",
      "must be a finite number of milliseconds >= 1, got -1",
    ],
    [() => validTimeouts("backOff", 1), "backOff", "must be an array of ms, got 1"],
    [() => validCount("bufferSize", 1.5), "bufferSize", "must be an integer >= 1, got 1.5"],
    [() => validWholeNumber("maxDeliver", -1), "maxDeliver", "must be a whole number >= 0, got -1"],
    [() => validString("messageType", {}), "messageType", "must be a string, got an object"],
    [() => validFunction("onError", "no"), "onError", 'must be a function, got "no"'],
    [
      () => validMethods("logger", { warn() {} }, ["warn", "error"]),
      "logger",
      "must have the methods warn, error; missing error",
    ],
    [() => validOneOf("level", "loud", ["warn"]), "level", 'must be one of "warn", got "loud"'],
    [() => validRecord("streams", []), "streams", "must be an object, got an array"],
    [() => validRecord("", { servrs: 1 }, ["servers"], " (hint)"), "servrs", "is not an option here (hint)"],
  ])("refuses %#", (check, field, problem) => {
    const error = errorOf(check);
    expect(error.field).toBe(field);
    expect(error.message).toContain(problem);
  });
});
