#!/usr/bin/env node
// Runs the CLI compiled into dist/ (`npm install` builds it) when it is newer than every source file, and
// the TypeScript sources through tsx otherwise, so an edited checkout never runs stale code. The compiled
// CLI starts in about half the time.
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { builtIsCurrent } from "./built.js";

const root = fileURLToPath(new URL("..", import.meta.url));

let base = `${root}dist/src/`;
let ext = ".js";
if (!builtIsCurrent(root)) {
  (await import("tsx/esm/api")).register();
  base = `${root}src/`;
  ext = ".ts";
}
const load = (path) => import(pathToFileURL(`${base}${path}${ext}`).href);

const { IMPORT_NODE_FLAGS, hasImportFlags, importEnv } = await load("cli/import-flags");
if (process.argv[2] === "import" && !hasImportFlags()) {
  // An import runs with Node flags and allocator settings of its own (see import-flags.ts), taken only at start.
  const child = spawnSync(
    process.execPath,
    [...IMPORT_NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit", env: importEnv(process.env) },
  );
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}
await load("cli");
