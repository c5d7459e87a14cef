/**
 * exposure(C) (SPEC §3): outflows, inflows (participations inside their rounds), per-counterparty
 * flows, the loops through C, circular exposure (C's outgoing deals whose counterparty starts a loop
 * back to C within max_len) and the concentration of C's known inflow.
 */
import { cyclesThrough, materialise } from "./cycles.js";
import type { DealGraph } from "./deal-graph.js";
import { compileFilter } from "./filter.js";
import { foldRounds } from "./rounds.js";
import { addToTotals, emptyTotals } from "./totals.js";
import type { AnalyticsOptions, CounterpartyFlows, ExposureResult } from "./types.js";

export function exposure(g: DealGraph, companyId: string, opts: AnalyticsOptions = {}): ExposureResult {
  const filter = compileFilter(g, opts);
  const result: ExposureResult = {
    company: companyId,
    outflows: emptyTotals(),
    inflows: emptyTotals(),
    circular: emptyTotals(),
    cycles: [],
    cycles_more: 0,
    counterparties: [],
    concentration: null,
    max_len: filter.maxLen,
    include_cancelled: filter.includeCancelled,
  };
  const c = g.companyIndex(companyId);
  if (c === undefined) return result;

  const parties = new Map<number, CounterpartyFlows>();
  const party = (n: number): CounterpartyFlows => {
    let p = parties.get(n);
    if (!p) parties.set(n, (p = { company: g.companyId(n), outflow: emptyTotals(), inflow: emptyTotals() }));
    return p;
  };
  const search = cyclesThrough(g, companyId, filter);

  for (const i of g.out(c)) {
    if (!filter.pass(i)) continue;
    const usd = g.usd[i] ?? Number.NaN;
    const usdMax = g.usdMax[i] ?? Number.NaN;
    const disclosed = g.disclosed(i);
    const t = g.to[i] ?? -1;
    addToTotals(result.outflows, usd, usdMax, disclosed);
    addToTotals(party(t).outflow, usd, usdMax, disclosed);
    if (search.firstHops.has(t)) addToTotals(result.circular, usd, usdMax, disclosed);
  }

  const into = g.in(c).filter((i) => filter.pass(i));
  for (const item of foldRounds(g, into)) {
    addToTotals(result.inflows, item.usd, item.usdMax, item.disclosed);
    for (const p of item.parts) {
      addToTotals(party(g.from[p] ?? -1).inflow, g.usd[p] ?? Number.NaN, g.usdMax[p] ?? Number.NaN, g.disclosed(p));
    }
    const f = g.from[item.deal] ?? -1;
    if (f < 0) continue; // a round with undisclosed investors has no counterparty beyond its participants
    if (item.parts.length === 0) addToTotals(party(f).inflow, item.usd, item.usdMax, item.disclosed);
    else if (item.usd - item.partsUsd > 0) addToTotals(party(f).inflow, item.usd - item.partsUsd, item.usdMax - item.partsUsdMax, true);
  }

  parties.delete(-1);
  result.counterparties = [...parties.values()].sort(
    (a, b) =>
      b.outflow.total_usd + b.inflow.total_usd - (a.outflow.total_usd + a.inflow.total_usd) ||
      b.outflow.deals + b.inflow.deals - (a.outflow.deals + a.inflow.deals) ||
      a.company.localeCompare(b.company),
  );
  let top: CounterpartyFlows | null = null;
  for (const p of result.counterparties) if (!top || p.inflow.total_usd > top.inflow.total_usd) top = p;
  if (top && result.inflows.total_usd > 0 && top.inflow.total_usd > 0) {
    result.concentration = { company: top.company, share: top.inflow.total_usd / result.inflows.total_usd };
  }
  const listed = search.top.sorted();
  result.cycles = listed.map((f) => materialise(g, f, filter));
  result.cycles_more = search.total - listed.length;
  return result;
}
