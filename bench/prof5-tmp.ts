import { loadGraph } from "../src/analytics/deal-graph.js";
import { openStore } from "../src/store/db.js";
import { compileFilter } from "../src/analytics/filter.js";
const store = await openStore({ dbPath: process.argv[2] as string });
const g = await loadGraph(store);
const c = g.companyIndex("nvidia")!;
const inList: number[] = [];
for (const i of g.in(c)) if (g.from[i]! >= 0) inList.push(g.from[i]!);
const f = compileFilter(g, {});
for (let rep = 0; rep < 3; rep++) {
let t = performance.now(); let n = 0, sum = 0;
for (const x of inList) for (const j of g.in(x)) { n++; sum += g.from[j]!; }
console.log("plain", performance.now() - t, n);
t = performance.now(); n = 0;
for (const x of inList) for (const j of g.in(x)) { if (f.pass(j)) n++; }
console.log("pass", performance.now() - t, n);
t = performance.now(); n = 0;
const arr = inList.map((x) => g.in(x));
for (const a of arr) for (let k = 0; k < a.length; k++) { n += a[k]!; }
console.log("index", performance.now() - t, n);
}
await store.close();
