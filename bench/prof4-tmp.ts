import { loadGraph } from "../src/analytics/deal-graph.js";
import { cycles } from "../src/analytics/cycles.js";
import { openStore } from "../src/store/db.js";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
const store = await openStore({ dbPath: process.argv[2] as string });
const g = await loadGraph(store);
const session = new Session(); session.connect();
await session.post("Profiler.enable"); await session.post("Profiler.start");
for (let i = 0; i < 20; i++) cycles(g, { company: "nvidia", limit: 0 });
const { profile } = await session.post("Profiler.stop");
// aggregate self time by function
const self = new Map<string, number>();
const dt = profile.timeDeltas!; const samples = profile.samples!;
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
for (let k = 0; k < samples.length; k++) { const n: any = byId.get(samples[k]!); const key = `${n.callFrame.functionName}@${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + (dt[k] ?? 0)); }
console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join("\n"));
await store.close();
