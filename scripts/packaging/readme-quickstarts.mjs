#!/usr/bin/env node
// Writes each TypeScript block under a README "Quick start" heading, unchanged, to <outdir>/quickstart-N.ts,
// so the packaging check can compile and run them in the scratch app against the installed tarballs.
// Prints the file names. Usage: readme-quickstarts.mjs <README.md> <outdir>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { extractBlocks } from "../check-doc-snippets.mjs";

const [readmePath, outDir] = process.argv.slice(2);
if (!readmePath || !outDir) {
  console.error("usage: readme-quickstarts.mjs <README.md> <outdir>");
  process.exit(2);
}
const readme = readFileSync(readmePath, "utf8");
const lines = readme.split("\n");
const sectionOf = (startLine) =>
  lines
    .slice(0, startLine - 1)
    .findLast((line) => /^##\s/.test(line))
    ?.replace(/^##\s+/, "") ?? "";
const quickStarts = extractBlocks(readme).filter(
  (block) => block.lang === "ts" && /^quick start/i.test(sectionOf(block.startLine)),
);
if (quickStarts.length === 0) {
  console.error(`readme-quickstarts: no TypeScript block under a "Quick start" heading in ${readmePath}`);
  process.exit(1);
}
for (const [index, block] of quickStarts.entries()) {
  const file = `quickstart-${index}.ts`;
  writeFileSync(join(outDir, file), `${block.lines.join("\n")}\n`);
  console.log(file);
}
