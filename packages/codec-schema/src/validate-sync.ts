import type { StandardSchemaV1 } from "@standard-schema/spec";
import { SchemaValidationError } from "./schema-validation-error.js";

/** Runs a Standard Schema synchronously: returns its output or throws `SchemaValidationError`. */
export function validateSync<O>(schema: StandardSchemaV1<unknown, O>, value: unknown): O {
  const standard = schema["~standard"];
  const result = standard.validate(value);
  if (isPromiseLike(result)) {
    // Nobody will await it: swallow its outcome so a rejection does not surface as an unhandled one.
    result.then(undefined, () => undefined);
    throw new TypeError(
      `the ${standard.vendor} schema validated asynchronously (e.g. an async refinement); codecs are ` +
        "synchronous, so async schemas are not supported: validate those in the handler instead",
    );
  }
  if (result.issues) throw new SchemaValidationError(standard.vendor, result.issues);
  return result.value;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}
