/**
 * funding(C) (SPEC §3): investments and funding rounds into C, participations counted inside their
 * rounds, broken down by status and by investor. Undisclosed amounts are counted, never summed as zero.
 */
import type { DealGraph } from "./deal-graph.js";
import { KIND_CODE } from "./deal-graph.js";
import { compileFilter } from "./filter.js";
import { type CountedItem, foldRounds } from "./rounds.js";
import { addToTotals, emptyTotals } from "./totals.js";
import type { AnalyticsOptions, DealRef, FundingResult, Totals } from "./types.js";

const FUNDING_KINDS = new Set([KIND_CODE.get("investment"), KIND_CODE.get("funding_round")]);
export const UNDISCLOSED_INVESTOR = "undisclosed";

export function funding(g: DealGraph, companyId: string, opts: AnalyticsOptions = {}): FundingResult {
  const filter = compileFilter(g, opts);
  const result: FundingResult = {
    company: companyId,
    ...emptyTotals(),
    by_status: {},
    by_investor: {},
    items: [],
    counted: { include_cancelled: filter.includeCancelled, since: filter.since, statuses: filter.statuses },
  };
  const c = g.companyIndex(companyId);
  if (c === undefined) return result;
  const into = g.in(c).filter((i) => FUNDING_KINDS.has(g.kind[i]) && filter.pass(i));
  const items = foldRounds(g, into);
  for (const item of items) {
    addToTotals(result, item.usd, item.usdMax, item.disclosed);
    addToTotals(bucket(result.by_status, g.statusOf(item.deal)), item.usd, item.usdMax, item.disclosed);
    attributeToInvestors(g, item, result.by_investor);
    result.items.push(itemRef(g, item));
  }
  result.items.sort(byCountedAmount);
  return result;
}

function bucket(map: Record<string, Totals>, key: string): Totals {
  let t = map[key];
  if (!t) map[key] = t = emptyTotals();
  return t;
}

function investorOf(g: DealGraph, i: number): string {
  const f = g.from[i] ?? -1;
  return f < 0 ? UNDISCLOSED_INVESTOR : g.companyId(f);
}

/**
 * Each participation goes to its investor; what a round raised beyond its known participations goes to
 * the round's named investor, or "undisclosed". So the investors' totals add up to the company's.
 */
export function attributeToInvestors(g: DealGraph, item: CountedItem, into: Record<string, Totals>): void {
  for (const p of item.parts)
    addToTotals(bucket(into, investorOf(g, p)), g.usd[p] ?? Number.NaN, g.usdMax[p] ?? Number.NaN, g.disclosed(p));
  const investor = investorOf(g, item.deal);
  if (item.parts.length === 0 || Number.isNaN(item.usd)) {
    if (item.parts.length === 0) addToTotals(bucket(into, investor), item.usd, item.usdMax, item.disclosed);
    return;
  }
  const rest = item.usd - item.partsUsd;
  const restMax = item.usdMax - item.partsUsdMax;
  if (rest > 0 || restMax > 0) addToTotals(bucket(into, investor), Math.max(rest, 0), Math.max(restMax, rest, 0), true);
}

export function itemRef(g: DealGraph, item: CountedItem): DealRef {
  const ref = g.ref(item.deal);
  if (item.parts.length > 0) {
    ref.participations = item.parts.map((p) => g.ref(p));
    ref.counted_usd = Number.isNaN(item.usd) ? null : item.usd;
    ref.counted_usd_max = Number.isNaN(item.usdMax) ? null : item.usdMax;
  }
  return ref;
}

/** Largest counted amount first; undisclosed last; then newest. */
export function byCountedAmount(a: DealRef, b: DealRef): number {
  const av = a.counted_usd ?? a.usd ?? -1;
  const bv = b.counted_usd ?? b.usd ?? -1;
  return bv - av || (a.observed_on < b.observed_on ? 1 : a.observed_on > b.observed_on ? -1 : a.id.localeCompare(b.id));
}
