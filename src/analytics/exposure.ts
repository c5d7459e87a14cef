/**
 * exposure(C) (SPEC §3): outflows, inflows (participations inside their rounds), per-counterparty
 * flows, the loops through C, circular exposure (C's outgoing deals whose counterparty starts a loop
 * back to C within max_len) and the concentration of C's known inflow.
 *
 * Per-counterparty sums are kept in typed arrays, so a hub with thousands of counterparties costs a few
 * arrays, not thousands of objects; only the listed ones become objects. Each counterparty gets the next
 * free slot of them as it is met, so the sums of a query sit side by side instead of scattered over arrays
 * as long as the company list.
 */
import type { Side } from "./adjacency.js";
import { CYCLES_BUDGET, cyclesThrough, materialise } from "./cycles.js";
import { type DealGraph, KIND_CODE } from "./deal-graph.js";
import { compileFilter } from "./filter.js";
import { HUB_LOOPS_MAX_LEN } from "./hub-loops.js";
import { loopFirstHops } from "./loop-reach.js";
import { foldRounds } from "./rounds.js";
import { nthSmallest } from "./select.js";
import { addToTotals, emptyTotals } from "./totals.js";
import type { AnalyticsOptions, CounterpartyFlows, ExposureResult, Totals } from "./types.js";

const DEFAULT_COUNTERPARTIES = 100;

/** Totals per counterparty slot in columns: [deals, total_usd, total_usd_max, undisclosed, unconverted]. */
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
  /** Zeroes the first `n` slots. */
  clear(n: number): void {
    this.deals.fill(0, 0, n);
    this.usd.fill(0, 0, n);
    this.usdMax.fill(0, 0, n);
    this.undisclosed.fill(0, 0, n);
    this.unconverted.fill(0, 0, n);
  }
  add(k: number, usd: number, usdMax: number, disclosed: boolean): void {
    this.deals[k] = (this.deals[k] as number) + 1;
    if (!disclosed) this.undisclosed[k] = (this.undisclosed[k] as number) + 1;
    else if (Number.isNaN(usd)) this.unconverted[k] = (this.unconverted[k] as number) + 1;
    else {
      this.usd[k] = (this.usd[k] as number) + usd;
      this.usdMax[k] = (this.usdMax[k] as number) + (Number.isNaN(usdMax) ? usd : Math.max(usd, usdMax));
    }
  }
  totals(k: number): Totals {
    return {
      deals: this.deals[k] as number,
      total_usd: this.usd[k] as number,
      total_usd_max: this.usdMax[k] as number,
      undisclosed: this.undisclosed[k] as number,
      unconverted: this.unconverted[k] as number,
    };
  }
}

/** Reused across queries on one graph: each company's slot for the query that last met it, and the slots' sums. */
interface PartyScratch {
  size: number;
  /** The query (its stamp) that last gave the company a slot, and that slot. */
  seen: Int32Array;
  slot: Int32Array;
  stamp: number;
  capacity: number;
  out: Columns;
  in: Columns;
}
const scratches = new WeakMap<DealGraph, PartyScratch>();

/** The scratch of `g`, with room for `parties` counterparty slots, zeroed. */
function partyScratch(g: DealGraph, parties: number): PartyScratch {
  let s = scratches.get(g);
  if (!s || s.size < g.companyCount) {
    const size = g.companyCount + 1024;
    s = {
      size,
      seen: new Int32Array(size),
      slot: new Int32Array(size),
      stamp: 0,
      capacity: 0,
      out: new Columns(0),
      in: new Columns(0),
    };
    scratches.set(g, s);
  }
  if (s.capacity < parties) {
    s.capacity = Math.max(parties, 2 * s.capacity);
    s.out = new Columns(s.capacity);
    s.in = new Columns(s.capacity);
  } else {
    s.out.clear(parties);
    s.in.clear(parties);
  }
  return s;
}

const ROUND = KIND_CODE.get("funding_round");

/**
 * The high end in USD of deal-list entry `e` whose low end is `usd`: a converted amount is a disclosed one, and
 * only a converted one has a high end. Read from the entry: from the deal's own column, a hub's thousands of deals
 * were as many look-ups scattered over the million deals.
 */
const usdMaxOf = (side: Side, e: number, usd: number): number =>
  Number.isNaN(usd) ? Number.NaN : (side.usdMax[e] as number);

/** Whether entry `e`, whose low end in USD is `usd`, states an amount at all (see DealGraph.disclosed). */
const disclosedOf = (g: DealGraph, side: Side, e: number, usd: number): boolean =>
  !Number.isNaN(usd) || g.disclosed(side.deal[e] as number);

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

  // The company's own deal lists (adjacency.ts) hold each deal's status, date, counterparty and amount side by
  // side: read there, a hub's thousands of deals cost no look-ups scattered over the million-deal columns.
  const { out, in: inn } = g.adjacency();
  const outStart = out.offsets[c] as number;
  const outEnd = out.offsets[c + 1] as number;
  const inStart = inn.offsets[c] as number;
  const inEnd = inn.offsets[c + 1] as number;
  /** The entries of the deals into the company that pass the filter. */
  const into: number[] = [];
  let roundInto = false;
  for (let e = inStart; e < inEnd; e++) {
    if (!filter.passes(inn.status[e] as number, inn.observed[e] as number)) continue;
    into.push(e);
    if (inn.kind[e] === ROUND) roundInto = true;
  }
  // Participations are folded into their rounds only when a round comes into the company at all.
  const dealOf = (e: number) => inn.deal[e] as number;
  const rounds = roundInto ? foldRounds(g, into.map(dealOf)) : null;
  // Each deal names at most one counterparty: their number bounds the slots needed.
  const s = partyScratch(g, outEnd - outStart + into.length);
  const stamp = ++s.stamp;
  /** Company of each slot, in the order met. */
  const parties: number[] = [];
  const slotOf = (p: number): number => {
    if (s.seen[p] === stamp) return s.slot[p] as number;
    s.seen[p] = stamp;
    s.slot[p] = parties.length;
    parties.push(p);
    return parties.length - 1;
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

  for (let e = outStart; e < outEnd; e++) {
    if (!filter.passes(out.status[e] as number, out.observed[e] as number)) continue;
    const usd = out.usd[e] as number;
    const usdMax = usdMaxOf(out, e, usd);
    const disclosed = disclosedOf(g, out, e, usd);
    const t = out.other[e] as number;
    addToTotals(result.outflows, usd, usdMax, disclosed);
    s.out.add(slotOf(t), usd, usdMax, disclosed);
    if (firstHops.has(t)) addToTotals(result.circular, usd, usdMax, disclosed);
  }

  if (!rounds) {
    for (const e of into) {
      const usd = inn.usd[e] as number;
      const usdMax = usdMaxOf(inn, e, usd);
      const disclosed = disclosedOf(g, inn, e, usd);
      addToTotals(result.inflows, usd, usdMax, disclosed);
      const f = inn.other[e] as number;
      if (f >= 0) s.in.add(slotOf(f), usd, usdMax, disclosed);
    }
  }
  for (const item of rounds ?? []) {
    addToTotals(result.inflows, item.usd, item.usdMax, item.disclosed);
    for (const p of item.parts) {
      const f = g.from[p] as number;
      if (f < 0) continue;
      s.in.add(slotOf(f), g.usd[p] as number, g.usdMax[p] as number, g.disclosed(p));
    }
    const f = g.from[item.deal] as number;
    if (f < 0) continue; // a round with undisclosed investors has no counterparty beyond its participants
    const k = slotOf(f);
    if (item.parts.length === 0) s.in.add(k, item.usd, item.usdMax, item.disclosed);
    else if (item.usd - item.partsUsd > 0) s.in.add(k, item.usd - item.partsUsd, item.usdMax - item.partsUsdMax, true);
  }

  // Largest in + out first; then more deals; then id. A hub has thousands of counterparties: only
  // those at or above the limit-th largest total are sorted with the full comparison.
  const limit = Math.max(0, Math.floor(opts.counterpartyLimit ?? DEFAULT_COUNTERPARTIES));
  const n = parties.length;
  const size = new Float64Array(n);
  for (let k = 0; k < n; k++) size[k] = (s.out.usd[k] as number) + (s.in.usd[k] as number);
  let cut = Number.NEGATIVE_INFINITY;
  if (limit === 0) cut = Number.POSITIVE_INFINITY;
  else if (n > limit) cut = nthSmallest(size.slice(), n - limit);
  const chosen: number[] = [];
  for (let k = 0; k < n; k++) if ((size[k] as number) >= cut) chosen.push(k);
  const dealsOf = (k: number) => (s.out.deals[k] as number) + (s.in.deals[k] as number);
  chosen.sort((a, b) => {
    const d = (size[b] as number) - (size[a] as number) || dealsOf(b) - dealsOf(a);
    if (d !== 0) return d;
    const x = g.companyId(parties[a] as number);
    const y = g.companyId(parties[b] as number);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  result.counterparties = chosen.slice(0, limit).map(
    (k): CounterpartyFlows => ({
      company: g.companyId(parties[k] as number),
      outflow: s.out.totals(k),
      inflow: s.in.totals(k),
    }),
  );
  result.counterparties_more = Math.max(0, parties.length - limit);

  let top = -1;
  for (let k = 0; k < n; k++) if (top < 0 || (s.in.usd[k] as number) > (s.in.usd[top] as number)) top = k;
  const topIn = top < 0 ? 0 : (s.in.usd[top] as number);
  if (result.inflows.total_usd > 0 && topIn > 0) {
    result.concentration = { company: g.companyId(parties[top] as number), share: topIn / result.inflows.total_usd };
  }
  const listed = search.top.sorted();
  result.cycles = listed.map((f) => materialise(g, f, filter));
  result.cycles_more = search.total - listed.length;
  result.cycles_complete = search.complete;
  return result;
}
