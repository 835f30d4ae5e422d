#!/usr/bin/env node
// Every code block in the docs either runs or compiles.
//
//   ```ts                          type-checked with tsc against the workspace (strict, NodeNext,
//                                  customConditions @natsflux/source), each block as its own module;
//                                  relative imports resolve against the markdown file's folder
//   ```ts example=examples/x/y.ts  must appear verbatim (line for line, indentation aside) in that file, of an
//                                  example whose test/ runs it in the test suite
//   ```go                          syntax-checked with gofmt when Go is installed
//   ```sh, text, json, mermaid...  not code: left alone
//
// Usage: node scripts/check-doc-snippets.mjs [--quiet] [--no-packages] [files.md...]
// Without files: README.md, docs/**/*.md (not docs/api), examples/*/README.md and packages/*/README.md
// (--no-packages leaves the package READMEs out).
// Exit 0 when every block passes, 1 otherwise (each failure names file:line), 2 on usage errors.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const snippetPackage = join(root, "examples/docs-snippets");
const typeScript = new Set(["ts", "typescript", "mts", "tsx"]);

/** Fenced blocks of a markdown file: `{ lang, info, startLine (of the first code line, 1-based), lines }`. */
export function extractBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).exec(lines[j]);
      if (close) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    blocks.push({ lang: lang.toLowerCase(), info: info.trim(), startLine: i + 2, lines: body });
    i = j;
  }
  return blocks;
}

/** `example=path` from a block's info string, if any. */
export function exampleTarget(info) {
  return /(?:^|\s)example=(\S+)/.exec(info)?.[1];
}

function defaultFiles(withPackages) {
  const files = [join(root, "README.md")];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (path !== join(root, "docs/api")) walk(path);
      } else if (entry.endsWith(".md")) files.push(path);
    }
  };
  if (existsSync(join(root, "docs"))) walk(join(root, "docs"));
  for (const parent of withPackages ? ["examples", "packages"] : ["examples"]) {
    for (const entry of readdirSync(join(root, parent))) {
      const readme = join(root, parent, entry, "README.md");
      if (existsSync(readme)) files.push(readme);
    }
  }
  return files;
}

/** The block's lines occur, in order and contiguously, in the example file (indentation ignored). */
function checkExample(doc, block, target) {
  const path = resolve(root, target);
  const where = `${doc}:${block.startLine - 1}`;
  const rel = relative(root, path);
  const [top, name] = rel.split("/");
  if (top !== "examples" || !name) return `${where}: example=${target} must point into examples/<name>/`;
  if (!existsSync(join(root, "examples", name, "test"))) {
    return `${where}: example=${target}: examples/${name} has no test/ folder, so nothing runs it`;
  }
  // Indentation is not compared: formatters re-indent fenced code, and an excerpt may be dedented.
  if (!existsSync(path)) return `${where}: example=${target} does not exist`;
  const file = readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.trim());
  const want = block.lines.map((l) => l.trim());
  while (want.length > 0 && want[want.length - 1] === "") want.pop();
  if (want.length === 0) return `${where}: empty block`;
  for (let i = 0; i + want.length <= file.length; i++) {
    if (want.every((line, k) => file[i + k] === line)) return undefined;
  }
  return `${where}: the block is not a verbatim excerpt of ${target} (first line: ${JSON.stringify(want[0])})`;
}

function checkGo(doc, block) {
  const gofmt = spawnSync("gofmt", ["-e"], { input: block.lines.join("\n"), encoding: "utf8" });
  if (gofmt.error) return { skipped: true };
  if (gofmt.status === 0) return {};
  const message = gofmt.stderr
    .trim()
    .split("\n")
    .map((line) =>
      line.replace(
        /^<standard input>:(\d+):(\d+):/,
        (_, l, c) => `${doc}:${block.startLine + Number(l) - 1}:${c}:`,
      ),
    )
    .join("\n");
  return { error: message };
}

/** Type-checks the blocks in one tsc run; returns the errors mapped back to file:line. */
function typeCheck(snippets) {
  if (snippets.length === 0) return [];
  const out = join(snippetPackage, ".snippets", String(process.pid));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const sources = new Map();
  const header = 1;
  snippets.forEach((snippet, index) => {
    const name = `s${String(index).padStart(3, "0")}.ts`;
    // Relative imports resolve against the markdown file's folder, as its reader would expect.
    const docDir = dirname(join(root, snippet.doc));
    const body = snippet.block.lines
      .join("\n")
      .replace(/(from\s+|import\s*\(\s*)(["'])(\.\.?\/[^"']*)\2/g, (_, lead, quote, spec) => {
        const target = relative(out, join(docDir, spec));
        return `${lead}${quote}${target.startsWith(".") ? target : `./${target}`}${quote}`;
      });
    // `export {}` makes every block its own module, so names never clash between blocks.
    writeFileSync(join(out, name), `// ${snippet.doc}:${snippet.block.startLine}\n${body}\nexport {};\n`);
    sources.set(name, snippet);
  });
  writeFileSync(
    join(out, "tsconfig.json"),
    JSON.stringify({
      extends: "../../tsconfig.json",
      // Doc snippets may declare things only to show them; everything else is as strict as the code.
      compilerOptions: { noUnusedLocals: false, noUnusedParameters: false },
      include: ["*.ts"],
    }),
  );
  const tsc = join(root, "node_modules/.bin/tsc");
  const result = spawnSync(tsc, ["-p", join(out, "tsconfig.json"), "--pretty", "false"], {
    cwd: root,
    encoding: "utf8",
  });
  const errors = [];
  for (const line of `${result.stdout}${result.stderr}`.split("\n")) {
    const match = /^(.*?)\((\d+),(\d+)\): (error .*)$/.exec(line);
    if (!match) {
      if (line.trim() && result.status !== 0 && !line.startsWith(" ")) errors.push(line);
      continue;
    }
    const file = relative(out, resolve(root, match[1]));
    const snippet = sources.get(file);
    if (snippet === undefined) {
      errors.push(`${relative(root, resolve(root, match[1]))}(${match[2]},${match[3]}): ${match[4]}`);
      continue;
    }
    const docLine = snippet.block.startLine + Number(match[2]) - 1 - header;
    errors.push(`${snippet.doc}:${docLine}:${match[3]}: ${match[4]}`);
  }
  if (result.status !== 0 && errors.length === 0) errors.push(`tsc failed: ${result.stdout}${result.stderr}`);
  if (errors.length === 0) rmSync(out, { recursive: true, force: true });
  return errors;
}

export function main(argv) {
  const quiet = argv.includes("--quiet");
  const named = argv.filter((a) => !a.startsWith("--"));
  const files =
    named.length > 0 ? named.map((f) => resolve(f)) : defaultFiles(!argv.includes("--no-packages"));
  const errors = [];
  const counts = { typeChecked: 0, examples: 0, go: 0, goSkipped: 0, other: 0 };
  const snippets = [];
  for (const file of files) {
    if (!existsSync(file)) {
      console.error(`check-doc-snippets: no such file ${file}`);
      return 2;
    }
    const doc = relative(root, file);
    for (const block of extractBlocks(readFileSync(file, "utf8"))) {
      const target = exampleTarget(block.info);
      if (typeScript.has(block.lang) && target !== undefined) {
        counts.examples++;
        const error = checkExample(doc, block, target);
        if (error) errors.push(error);
      } else if (typeScript.has(block.lang)) {
        counts.typeChecked++;
        snippets.push({ doc, block });
      } else if (block.lang === "go") {
        const result = checkGo(doc, block);
        if (result.skipped) counts.goSkipped++;
        else counts.go++;
        if (result.error) errors.push(result.error);
      } else {
        counts.other++;
      }
    }
  }
  errors.push(...typeCheck(snippets));
  const summary =
    `doc snippets: ${counts.typeChecked} type-checked, ${counts.examples} excerpts of executed examples, ` +
    `${counts.go} Go blocks parsed${counts.goSkipped ? ` (${counts.goSkipped} skipped: no gofmt)` : ""}, ` +
    `${counts.other} non-code blocks, in ${files.length} files`;
  if (errors.length > 0) {
    console.error(errors.join("\n"));
    console.error(`\n${summary}: ${errors.length} problem(s)`);
    return 1;
  }
  if (!quiet) console.log(summary);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
