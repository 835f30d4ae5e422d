// The test every example that runs to completion shares: `npm start`, as a user runs it, against a fresh
// server given as NATS_URL, exits 0 within the bound and prints what shows the example did its work.
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { EXAMPLE_BOUND_MS, runExample, TEST_TIMEOUT_MS } from "./run-example.js";

/** A server the test owns; the example's own tests pass `startServer` of @natsflux/testing. */
export type StartServer = () => Promise<{ readonly url: string } & AsyncDisposable>;

/** `testFileUrl`: the calling test's `import.meta.url` (the example is the folder above its test/). */
export function itRunsAgainstNatsUrl(
  testFileUrl: string,
  startServer: StartServer,
  expectedOutput: string,
): void {
  const exampleDir = fileURLToPath(new URL("..", testFileUrl));
  it(
    "`npm start` runs against NATS_URL and exits 0",
    async () => {
      await using server = await startServer();
      const { code, output } = await runExample(exampleDir, EXAMPLE_BOUND_MS, {
        env: { NATS_URL: server.url },
      });
      expect(code, output).toBe(0);
      expect(output).toContain(expectedOutput);
    },
    TEST_TIMEOUT_MS,
  );
}
