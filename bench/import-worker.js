/**
 * Imports files into a SQLite store through the real importer (`importFiles`, as `dealgraph import` does),
 * in its own process so the import's memory is measured apart from the query side. Prints one JSON line:
 * seconds end to end, CPU seconds (all threads, and the main and writer threads' own) and peak RSS.
 * Usage: node bench/import-worker.js STORE.db FILE...
 *
 * JavaScript, and started without a TypeScript loader, because `dealgraph import` runs that way: it loads the
 * build in dist/ when it is current (see bin/dealgraph.js), and its writer thread then starts without a loader
 * too. A loader runs threads of its own in the process and in the writer thread; on the bench's import they
 * took 1.4–1.8 s of CPU from the two cores the import keeps busy. With the build stale, this loads the sources
 * through tsx, as the bin does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { builtIsCurrent } from "../bin/built.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const compiled = builtIsCurrent(root);
if (!compiled) (await import("tsx/esm/api")).register();
const load = (path) => import(pathToFileURL(`${root}${compiled ? `dist/src/${path}.js` : `src/${path}.ts`}`).href);
/** @type {typeof import("../src/import/index.js")} */
const { importFiles } = await load("import/index");
/** @type {typeof import("../src/store/db.js")} */
const { openStore } = await load("store/db");

const [dbFile, ...files] = process.argv.slice(2);
if (!dbFile || files.length === 0) {
  process.stderr.write("usage: node bench/import-worker.js STORE.db FILE...\n");
  process.exit(1);
}
/** Linux's clock ticks a second, the unit of a thread's CPU times in /proc. */
const TICKS = 100;

/**
 * CPU seconds of each live thread of this process, from /proc (null where there is none). Read before the
 * store closes, while the writer thread is still there.
 * @returns {{ main: number; writer: number; others: number } | null}
 */
function threadCpu() {
  let tids;
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return null;
  }
  /** @param {string} tid */
  const seconds = (tid) => {
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
let threads = null;
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
