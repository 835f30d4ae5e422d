#!/usr/bin/env node
// The package's bin: a committed file (not dist/cli/main.js itself) so pnpm can link it at install time,
// before anything is built. It runs the built CLI.
import "../dist/cli/main.js";
