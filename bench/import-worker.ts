/**
 * Imports files into a SQLite store through the real importer (`importFiles`, as `dealgraph import` does),
 * in its own process so the import's memory is measured apart from the query side. Prints one JSON line:
 * seconds end to end, CPU seconds (all threads, and the main and writer threads' own) and peak RSS.
 * Usage: tsx bench/import-worker.ts STORE.db FILE...
 */
import { readdirSync, readFileSync } from "node:fs";
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
/** Linux's clock ticks a second, the unit of a thread's CPU times in /proc. */
const TICKS = 100;

/**
 * CPU seconds of each live thread of this process, from /proc (null where there is none). Read before the
 * store closes, while the writer thread is still there.
 */
function threadCpu(): { main: number; writer: number; others: number } | null {
  let tids: string[];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return null;
  }
  const seconds = (tid: string) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    // Fields after the name in parentheses, from the third: utime and stime are the 14th and 15th.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / TICKS;
  };
  const main = seconds(String(process.pid));
  const rest = tids.filter((tid) => tid !== String(process.pid)).map(seconds);
  // The writer is by far the busiest of the other threads (V8's helpers, libuv's pool).
  const writer = Math.max(0, ...rest);
  return { main, writer, others: rest.reduce((a, b) => a + b, 0) - writer };
}

const store = await openStore({ dbPath: dbFile });
const t = performance.now();
let threads: ReturnType<typeof threadCpu> = null;
try {
  const outcomes = await importFiles(store, files);
  threads = threadCpu();
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw new Error(`synthetic data rejected:\n${failed.problems.slice(0, 5).join("\n")}`);
} finally {
  await store.close();
}
const seconds = (performance.now() - t) / 1000;
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds, threads, peakRssMb: usage.maxRSS / 1024, compiled })}\n`);
