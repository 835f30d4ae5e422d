#!/usr/bin/env node
import { run } from "./run.js";

// exitCode instead of process.exit(), so buffered stdout is flushed before the process ends.
process.exitCode = await run(process.argv.slice(2));
