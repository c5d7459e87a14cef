/**
 * Imports files into a SQLite store through the real importer, in its own process so the import's
 * memory is measured apart from the query side. Prints one JSON line: parse and apply seconds, peak RSS.
 * Usage: tsx bench/import-worker.ts STORE.db FILE...
 */
import { applyImport, parseImportFile } from "../src/import/index.js";
import { openStore } from "../src/store/db.js";

const [dbFile, ...files] = process.argv.slice(2);
if (!dbFile || files.length === 0) {
  process.stderr.write("usage: tsx bench/import-worker.ts STORE.db FILE...\n");
  process.exit(1);
}
const store = await openStore({ dbPath: dbFile });
let parse = 0;
let apply = 0;
try {
  for (const file of files) {
    let t = performance.now();
    const parsed = await parseImportFile(file, { store });
    parse += performance.now() - t;
    if (!parsed.ok) throw new Error(`synthetic data rejected:\n${parsed.problems.slice(0, 5).join("\n")}`);
    t = performance.now();
    await applyImport(store, parsed.data);
    apply += performance.now() - t;
  }
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify({ parse: parse / 1000, apply: apply / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
