import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";

// test/gen is committed so that running the tests needs no code generation; this catches it going stale.
const packageDir = join(import.meta.dirname, "..");
const bin = join(packageDir, "node_modules/.bin");
const buf = join(bin, "buf");

describe.skipIf(!existsSync(buf))("committed generated code", () => {
  it("matches what `pnpm gen` produces from test/proto", () => {
    const out = mkdtempSync(join(tmpdir(), "natsflux-protobuf-gen-"));
    try {
      execFileSync(buf, ["generate", "--output", out], {
        cwd: packageDir,
        env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` },
        stdio: "pipe",
      });
      const fresh = readFileSync(join(out, "test/gen/order_pb.ts"), "utf8");
      const committed = readFileSync(join(packageDir, "test/gen/order_pb.ts"), "utf8");
      expect(committed, "test/gen is stale: run `pnpm --filter @natsflux/codec-protobuf gen`").toBe(fresh);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
