/**
 * cycles (SPEC §3): simple directed loops of 2..max_len companies, each reported once, ranked by amount.
 *
 * A loop is a sequence of companies; several deals between the same two companies do not multiply
 * it (the largest one stands for the hop, `parallel` lists them all). Listed through a company, each
 * path starts at that company; listed globally, at the company first in the graph's order.
 */
import { type CycleSearch, type FoundCycle, newSearch, searchFrom } from "./cycle-search.js";
import type { DealGraph } from "./deal-graph.js";
import { compileFilter, type DealFilter } from "./filter.js";
import { HUB_LOOPS_MAX_LEN, searchThrough } from "./hub-loops.js";
import type { AnalyticsOptions, Cycle, CyclesResult } from "./types.js";

export interface CyclesOptions extends AnalyticsOptions {
  /** Only loops through this company id. */
  company?: string;
}

export function cycles(g: DealGraph, opts: CyclesOptions = {}): CyclesResult {
  const filter = compileFilter(g, opts);
  let search: CycleSearch;
  if (opts.company !== undefined) {
    search = cyclesThrough(g, opts.company, filter);
  } else {
    search = newSearch(filter.limit);
    for (let s = 0; s < g.companyCount; s++) searchFrom(g, s, filter, search, true);
  }
  const listed = search.top.sorted().map((f) => materialise(g, f, filter));
  return {
    ...(opts.company !== undefined ? { company: opts.company } : {}),
    cycles: listed,
    more: search.total - listed.length,
    max_len: filter.maxLen,
    include_cancelled: filter.includeCancelled,
  };
}

/**
 * The loops through one company (an unknown id has none): counted in the middle up to four
 * companies (hub-loops.ts), walked for longer ones.
 */
export function cyclesThrough(g: DealGraph, companyId: string, filter: DealFilter): CycleSearch {
  const search = newSearch(filter.limit);
  const c = g.companyIndex(companyId);
  if (c === undefined) return search;
  if (filter.maxLen <= HUB_LOOPS_MAX_LEN) searchThrough(g, c, filter, search);
  else searchFrom(g, c, filter, search, false);
  return search;
}

/** Turns a found loop into deal ids and references: per hop, the largest deal in the filter. */
export function materialise(g: DealGraph, f: FoundCycle, filter: DealFilter): Cycle {
  const path = f.nodes.map((n) => g.companyId(n));
  const deals: string[] = [];
  const parallel: string[][] = [];
  const edges = [];
  for (let k = 0; k < f.nodes.length; k++) {
    const u = f.nodes[k] as number;
    const v = f.nodes[(k + 1) % f.nodes.length] as number;
    let best = -1;
    let bestUsd = -1;
    const hop: string[] = [];
    // Scan whichever side is shorter: a hub's own list can hold thousands of deals.
    const out = g.out(u);
    const into = g.in(v);
    const scan = out.length <= into.length ? out : into;
    for (const i of scan) {
      if (g.from[i] !== u || g.to[i] !== v || !filter.pass(i)) continue;
      hop.push(g.ids[i] ?? "");
      const usd = g.usd[i] ?? Number.NaN;
      const w = Number.isNaN(usd) ? -1 : usd;
      if (best < 0 || w > bestUsd || (w === bestUsd && (g.ids[i] ?? "") < (g.ids[best] ?? ""))) {
        best = i;
        bestUsd = w;
      }
    }
    deals.push(g.ids[best] ?? "");
    edges.push(g.ref(best));
    parallel.push(hop.sort());
  }
  const cycle: Cycle = { path, deals, edges, total_usd: f.weight };
  if (parallel.some((h) => h.length > 1)) cycle.parallel = parallel;
  return cycle;
}
