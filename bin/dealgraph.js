#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx dealgraph` works without a build step.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const { IMPORT_NODE_FLAGS, hasImportFlags } = await import("../src/cli/import-flags.ts");
if (process.argv[2] === "import" && !hasImportFlags()) {
  // An import runs with Node flags of its own (see import-flags.ts), which Node takes only at start.
  const child = spawnSync(
    process.execPath,
    [...IMPORT_NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}
await import("../src/cli.ts");
