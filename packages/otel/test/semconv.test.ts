import * as upstream from "@opentelemetry/semantic-conventions/incubating";
import { describe, expect, it } from "vitest";
import * as local from "../src/semconv.js";

describe("local copies of incubating semantic-convention names", () => {
  it("equal the names @opentelemetry/semantic-conventions/incubating defines", () => {
    const names = Object.keys(local) as (keyof typeof local)[];
    expect(names).toHaveLength(9);
    for (const name of names) {
      expect({ name, value: local[name] }).toEqual({ name, value: upstream[name] });
    }
  });
});
