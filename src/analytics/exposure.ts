/**
 * exposure(C) (SPEC §3): outflows, inflows (participations inside their rounds), per-counterparty
 * flows, the loops through C, circular exposure (C's outgoing deals whose counterparty starts a loop
 * back to C within max_len) and the concentration of C's known inflow.
 *
 * Per-counterparty sums are kept in typed arrays indexed by company, so a hub with thousands of
 * counterparties costs a few arrays, not thousands of objects; only the listed ones become objects.
 */
import { CYCLES_BUDGET, cyclesThrough, materialise } from "./cycles.js";
import type { DealGraph } from "./deal-graph.js";
import { compileFilter } from "./filter.js";
import { HUB_LOOPS_MAX_LEN } from "./hub-loops.js";
import { loopFirstHops } from "./loop-reach.js";
import { foldRounds } from "./rounds.js";
import { nthSmallest } from "./select.js";
import { addToTotals, emptyTotals } from "./totals.js";
import type { AnalyticsOptions, CounterpartyFlows, ExposureResult, Totals } from "./types.js";

const DEFAULT_COUNTERPARTIES = 100;

/** Totals per company in columns: [deals, total_usd, total_usd_max, undisclosed, unconverted]. */
class Columns {
  readonly deals: Int32Array;
  readonly usd: Float64Array;
  readonly usdMax: Float64Array;
  readonly undisclosed: Int32Array;
  readonly unconverted: Int32Array;
  constructor(n: number) {
    this.deals = new Int32Array(n);
    this.usd = new Float64Array(n);
    this.usdMax = new Float64Array(n);
    this.undisclosed = new Int32Array(n);
    this.unconverted = new Int32Array(n);
  }
  reset(c: number): void {
    this.deals[c] = 0;
    this.usd[c] = 0;
    this.usdMax[c] = 0;
    this.undisclosed[c] = 0;
    this.unconverted[c] = 0;
  }
  add(c: number, usd: number, usdMax: number, disclosed: boolean): void {
    this.deals[c] = (this.deals[c] as number) + 1;
    if (!disclosed) this.undisclosed[c] = (this.undisclosed[c] as number) + 1;
    else if (Number.isNaN(usd)) this.unconverted[c] = (this.unconverted[c] as number) + 1;
    else {
      this.usd[c] = (this.usd[c] as number) + usd;
      this.usdMax[c] = (this.usdMax[c] as number) + (Number.isNaN(usdMax) ? usd : Math.max(usd, usdMax));
    }
  }
  totals(c: number): Totals {
    return {
      deals: this.deals[c] as number,
      total_usd: this.usd[c] as number,
      total_usd_max: this.usdMax[c] as number,
      undisclosed: this.undisclosed[c] as number,
      unconverted: this.unconverted[c] as number,
    };
  }
}

interface PartyScratch {
  size: number;
  seen: Int32Array;
  stamp: number;
  out: Columns;
  in: Columns;
}
const scratches = new WeakMap<DealGraph, PartyScratch>();

function partyScratch(g: DealGraph): PartyScratch {
  let s = scratches.get(g);
  if (!s || s.size < g.companyCount) {
    const size = g.companyCount + 1024;
    s = { size, seen: new Int32Array(size), stamp: 0, out: new Columns(size), in: new Columns(size) };
    scratches.set(g, s);
  }
  return s;
}

export interface ExposureOptions extends AnalyticsOptions {
  /**
   * Work limit of the loop walk for loops longer than four companies (see CyclesOptions.budget); default
   * CYCLES_BUDGET. Shorter loops are always counted in full, and circular exposure is exact either way.
   */
  budget?: number;
}

export function exposure(g: DealGraph, companyId: string, opts: ExposureOptions = {}): ExposureResult {
  const filter = compileFilter(g, opts);
  const result: ExposureResult = {
    company: companyId,
    outflows: emptyTotals(),
    inflows: emptyTotals(),
    circular: emptyTotals(),
    cycles: [],
    cycles_more: 0,
    cycles_complete: true,
    counterparties: [],
    counterparties_more: 0,
    concentration: null,
    max_len: filter.maxLen,
    include_cancelled: filter.includeCancelled,
  };
  const c = g.companyIndex(companyId);
  if (c === undefined) return result;

  const s = partyScratch(g);
  const stamp = ++s.stamp;
  const parties: number[] = [];
  const touch = (p: number) => {
    if (s.seen[p] === stamp) return;
    s.seen[p] = stamp;
    s.out.reset(p);
    s.in.reset(p);
    parties.push(p);
  };
  // Loops of up to four companies are counted in full in a few passes; longer ones are walked one by
  // one, within a work limit, and their first hops found apart so circular exposure stays exact.
  const walked = filter.maxLen > HUB_LOOPS_MAX_LEN;
  const search = cyclesThrough(
    g,
    companyId,
    filter,
    walked ? (opts.budget ?? CYCLES_BUDGET) : Number.POSITIVE_INFINITY,
  );
  const firstHops = walked ? loopFirstHops(g, c, filter) : search.firstHops;

  for (const i of g.out(c)) {
    if (!filter.pass(i)) continue;
    const usd = g.usd[i] as number;
    const usdMax = g.usdMax[i] as number;
    const disclosed = g.disclosed(i);
    const t = g.to[i] as number;
    addToTotals(result.outflows, usd, usdMax, disclosed);
    touch(t);
    s.out.add(t, usd, usdMax, disclosed);
    if (firstHops.has(t)) addToTotals(result.circular, usd, usdMax, disclosed);
  }

  const into: number[] = [];
  for (const i of g.in(c)) if (filter.pass(i)) into.push(i);
  for (const item of foldRounds(g, into)) {
    addToTotals(result.inflows, item.usd, item.usdMax, item.disclosed);
    for (const p of item.parts) {
      const f = g.from[p] as number;
      if (f < 0) continue;
      touch(f);
      s.in.add(f, g.usd[p] as number, g.usdMax[p] as number, g.disclosed(p));
    }
    const f = g.from[item.deal] as number;
    if (f < 0) continue; // a round with undisclosed investors has no counterparty beyond its participants
    touch(f);
    if (item.parts.length === 0) s.in.add(f, item.usd, item.usdMax, item.disclosed);
    else if (item.usd - item.partsUsd > 0) s.in.add(f, item.usd - item.partsUsd, item.usdMax - item.partsUsdMax, true);
  }

  // Largest in + out first; then more deals; then id. A hub has thousands of counterparties: only
  // those at or above the limit-th largest total are sorted with the full comparison.
  const limit = Math.max(0, Math.floor(opts.counterpartyLimit ?? DEFAULT_COUNTERPARTIES));
  const n = parties.length;
  const size = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const p = parties[k] as number;
    size[k] = (s.out.usd[p] as number) + (s.in.usd[p] as number);
  }
  let cut = Number.NEGATIVE_INFINITY;
  if (limit === 0) cut = Number.POSITIVE_INFINITY;
  else if (n > limit) cut = nthSmallest(size.slice(), n - limit);
  const chosen: number[] = [];
  for (let k = 0; k < n; k++) if ((size[k] as number) >= cut) chosen.push(k);
  const dealsOf = (k: number) => {
    const p = parties[k] as number;
    return (s.out.deals[p] as number) + (s.in.deals[p] as number);
  };
  chosen.sort((a, b) => {
    const d = (size[b] as number) - (size[a] as number) || dealsOf(b) - dealsOf(a);
    if (d !== 0) return d;
    const x = g.companyId(parties[a] as number);
    const y = g.companyId(parties[b] as number);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  result.counterparties = chosen
    .slice(0, limit)
    .map((k) => parties[k] as number)
    .map((p): CounterpartyFlows => ({ company: g.companyId(p), outflow: s.out.totals(p), inflow: s.in.totals(p) }));
  result.counterparties_more = Math.max(0, parties.length - limit);

  let top = -1;
  for (const p of parties) if (top < 0 || (s.in.usd[p] as number) > (s.in.usd[top] as number)) top = p;
  const topIn = top < 0 ? 0 : (s.in.usd[top] as number);
  if (result.inflows.total_usd > 0 && topIn > 0) {
    result.concentration = { company: g.companyId(top), share: topIn / result.inflows.total_usd };
  }
  const listed = search.top.sorted();
  result.cycles = listed.map((f) => materialise(g, f, filter));
  result.cycles_more = search.total - listed.length;
  result.cycles_complete = search.complete;
  return result;
}
