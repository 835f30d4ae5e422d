#!/usr/bin/env node
// `npm run setup`: installs pnpm (the version pinned in package.json) when it is missing, then the workspace.
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";

const pinned = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).packageManager;
const version = pinned.split("@")[1];

function has(cmd) {
  try {
    execSync(`${cmd} --version`, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

if (!has("pnpm")) {
  console.log(`setup: installing pnpm ${version} with npm`);
  execSync(`npm install --global pnpm@${version}`, { stdio: "inherit" });
}
const frozen = process.env.CI ? " --frozen-lockfile" : "";
execSync(`pnpm install${frozen}`, { stdio: "inherit" });
