import { loadGraph } from "../src/analytics/deal-graph.js";
import { openStore } from "../src/store/db.js";
const store = await openStore({ dbPath: process.argv[2] as string });
const g = await loadGraph(store);
console.log(g.size, g.companyCount, g.companyIndex("nvidia"), g.out(g.companyIndex("nvidia")!).length);
await store.close();
