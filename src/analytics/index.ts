/** The analytics API: the in-memory deal graph and the three questions asked of it (SPEC §3). */
export { DealGraph, loadGraph, type DealRecord } from "./deal-graph.js";
export { funding } from "./funding.js";
export { exposure } from "./exposure.js";
export { cycles, type CyclesOptions } from "./cycles.js";
export type * from "./types.js";
