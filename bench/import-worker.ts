/**
 * Imports files into a SQLite store through the real importer (`importFiles`, as `dealgraph import` does),
 * in its own process so the import's memory is measured apart from the query side. Prints one JSON line:
 * seconds end to end, CPU seconds (all threads) and peak RSS.
 * Usage: tsx bench/import-worker.ts STORE.db FILE...
 */
import { fileURLToPath } from "node:url";
import { builtIsCurrent } from "../bin/built.js";

// The code `dealgraph import` runs: the build in dist/ when it is current, else the sources.
const root = fileURLToPath(new URL("..", import.meta.url));
const compiled = builtIsCurrent(root);
const from = compiled ? "../dist/src" : "../src";
const { importFiles } = (await import(`${from}/import/index.js`)) as typeof import("../src/import/index.js");
const { openStore } = (await import(`${from}/store/db.js`)) as typeof import("../src/store/db.js");

const [dbFile, ...files] = process.argv.slice(2);
if (!dbFile || files.length === 0) {
  process.stderr.write("usage: tsx bench/import-worker.ts STORE.db FILE...\n");
  process.exit(1);
}
const store = await openStore({ dbPath: dbFile });
const t = performance.now();
try {
  const outcomes = await importFiles(store, files);
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw new Error(`synthetic data rejected:\n${failed.problems.slice(0, 5).join("\n")}`);
} finally {
  await store.close();
}
const seconds = (performance.now() - t) / 1000;
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds, peakRssMb: usage.maxRSS / 1024, compiled })}\n`);
