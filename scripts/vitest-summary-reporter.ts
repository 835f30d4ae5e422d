import { appendFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

/** Prints the plain "N passed, N failed, N skipped" line that CI reads at the end of the run. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of modules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      if (mod.state() === "failed" && mod.children.size === 0) failed++;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    // CI runs several passes (one per server version) and adds them up from this file.
    const file = process.env.NATSFLUX_SUMMARY_FILE;
    if (file) appendFileSync(file, `${JSON.stringify({ passed, failed, skipped })}\n`);
  }
}
