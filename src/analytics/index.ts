/** The analytics API: the in-memory deal graph and the three questions asked of it (SPEC §3). */

export { type CyclesOptions, cycles } from "./cycles.js";
export { DealGraph, type DealRecord, loadGraph } from "./deal-graph.js";
export { exposure } from "./exposure.js";
export { funding } from "./funding.js";
export { recentDeals } from "./recent-deals.js";
export type * from "./types.js";
