/**
 * cycles (SPEC §3): simple directed loops of 2..max_len companies, each reported once, ranked by amount.
 *
 * A loop is a sequence of companies; several deals between the same two companies do not multiply
 * it (the largest one stands for the hop, `parallel` lists them all). Listed through a company, each
 * path starts at that company; listed globally, at the company first in the graph's order.
 */
import { type CycleSearch, type FoundCycle, newSearch, searchFrom, withinBudget } from "./cycle-search.js";
import type { DealGraph } from "./deal-graph.js";
import { compileFilter, type DealFilter } from "./filter.js";
import { HUB_LOOPS_MAX_LEN, searchThrough } from "./hub-loops.js";
import type { AnalyticsOptions, Cycle, CyclesResult } from "./types.js";

export interface CyclesOptions extends AnalyticsOptions {
  /** Only loops through this company id. */
  company?: string;
  /**
   * Deal entries a walk may read before it stops with what it found (`complete: false`); default
   * CYCLES_BUDGET, about a second of work. Infinity counts every loop, however long that takes.
   */
  budget?: number;
  /**
   * Start each listed loop at its company first in the graph's order, as a whole-graph list does, even when
   * asked through a company (whose loops otherwise start at it): so lists of both kinds can be merged.
   */
  graphOrder?: boolean;
}

/**
 * The default work limit of a walk, in deal entries read: about a second at a million deals on the bench
 * machine. A chat answer is computed on the bot's one thread, between deliveries, and Discord wants a
 * first reply within 3 s; the longest loops of a hub there number in the hundreds of millions.
 */
export const CYCLES_BUDGET = 10_000_000;

export function cycles(g: DealGraph, opts: CyclesOptions = {}): CyclesResult {
  const filter = compileFilter(g, opts);
  const budget = opts.budget ?? CYCLES_BUDGET;
  let search: CycleSearch;
  if (opts.company !== undefined) {
    search = cyclesThrough(g, opts.company, filter, budget);
  } else {
    search = newSearch(filter.limit, g.companyCount, budget);
    const { order, rank } = startOrder(g);
    for (const s of order) {
      if (!withinBudget(search)) break;
      searchFrom(g, s, filter, search, rank);
    }
  }
  const found = search.top.sorted();
  const inGraphOrder = opts.company === undefined || opts.graphOrder === true;
  const listed = (inGraphOrder ? found.map(firstInGraphOrder) : found).map((f) => materialise(g, f, filter));
  return {
    ...(opts.company !== undefined ? { company: opts.company } : {}),
    cycles: listed,
    more: search.total - listed.length,
    complete: search.complete,
    max_len: filter.maxLen,
    include_cancelled: filter.includeCancelled,
  };
}

/** The loop turned to start at its company first in the graph's order (found from its biggest one). */
function firstInGraphOrder(f: FoundCycle): FoundCycle {
  const n = f.nodes;
  let at = 0;
  for (let k = 1; k < n.length; k++) if ((n[k] as number) < (n[at] as number)) at = k;
  return at === 0 ? f : { ...f, nodes: [...n.slice(at), ...n.slice(0, at)] };
}

/**
 * Companies by the money their deals move, largest first (ties by index), and each one's place in that
 * order. A whole-graph walk starts from each in turn and keeps only loops of companies placed after the
 * start: each loop is found once, from its biggest company, and a walk cut short by its budget has
 * already started from the companies moving the most money.
 */
function startOrder(g: DealGraph): { order: Int32Array; rank: Int32Array } {
  const { out, in: inn } = g.adjacency();
  const n = g.companyCount;
  const volume = new Float64Array(n);
  for (const side of [out, inn])
    for (let c = 0; c < n; c++)
      for (let k = side.offsets[c] as number, end = side.offsets[c + 1] as number; k < end; k++) {
        const usd = side.usd[k] as number;
        if (!Number.isNaN(usd)) volume[c] = (volume[c] as number) + usd;
      }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (volume[b] as number) - (volume[a] as number) || a - b,
  );
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r] as number] = r;
  return { order, rank };
}

/**
 * The loops through one company (an unknown id has none): counted in the middle up to four
 * companies (hub-loops.ts), walked for longer ones (within `budget`).
 */
export function cyclesThrough(
  g: DealGraph,
  companyId: string,
  filter: DealFilter,
  budget = Number.POSITIVE_INFINITY,
): CycleSearch {
  const search = newSearch(filter.limit, g.companyCount, budget);
  const c = g.companyIndex(companyId);
  if (c === undefined) return search;
  if (filter.maxLen <= HUB_LOOPS_MAX_LEN) searchThrough(g, c, filter, search);
  else searchFrom(g, c, filter, search, null);
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
