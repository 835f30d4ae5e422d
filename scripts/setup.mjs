#!/usr/bin/env node
// `npm run setup`: installs pnpm (the version pinned in package.json) when it is missing, then the workspace.
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";

const pinned = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).packageManager;
const version = pinned.split("@")[1];

function works(command) {
  try {
    execSync(command, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

if (!works("pnpm --version")) {
  console.log(`setup: installing pnpm ${version}`);
  const installed =
    works(`npm install --global pnpm@${version}`) ||
    works(`corepack enable pnpm && corepack prepare pnpm@${version} --activate`);
  if (!installed || !works("pnpm --version")) {
    console.error(
      `setup: could not install pnpm ${version}. Install it yourself (npm i -g pnpm@${version}) and rerun.`,
    );
    process.exit(1);
  }
}
const frozen = process.env.CI ? " --frozen-lockfile" : "";
execSync(`pnpm install${frozen}`, { stdio: "inherit" });
