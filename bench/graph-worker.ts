/**
 * The query side's memory, measured apart: loads the deal graph of a store and answers funding, exposure
 * and cycles for its largest hub, as the bot does, then prints one JSON line with its peak RSS.
 * Usage: tsx bench/graph-worker.ts STORE.db
 */
import { cycles } from "../src/analytics/cycles.js";
import { loadGraph } from "../src/analytics/deal-graph.js";
import { exposure } from "../src/analytics/exposure.js";
import { funding } from "../src/analytics/funding.js";
import { openStore } from "../src/store/db.js";

const [dbFile] = process.argv.slice(2);
if (!dbFile) {
  process.stderr.write("usage: tsx bench/graph-worker.ts STORE.db\n");
  process.exit(1);
}
const store = await openStore({ dbPath: dbFile });
try {
  const g = await loadGraph(store);
  let hub = 0;
  for (let c = 1; c < g.companyCount; c++)
    if (g.out(c).length + g.in(c).length > g.out(hub).length + g.in(hub).length) hub = c;
  const id = g.companyId(hub);
  for (let i = 0; i < 20; i++) {
    funding(g, id);
    exposure(g, id);
    cycles(g, { company: id, limit: 50 });
  }
  await g.refresh(store);
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
