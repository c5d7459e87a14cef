/**
 * The loop a deal closes: a path back from the deal's target to its source within `maxLen` deals in
 * all, cancelled deals left out, shortest first. Bounded by the deals around the two parties (never a
 * search of the whole graph), so it stays cheap on hubs with thousands of deals.
 */
import type { DealGraph } from "../analytics/deal-graph.js";
import type { Cycle } from "../analytics/types.js";

const live = (g: DealGraph, i: number) => g.statusOf(i) !== "cancelled";

/** The largest live deal from company u to company v, or -1. */
function bestDeal(g: DealGraph, u: number, v: number): number {
  let best = -1;
  let bestUsd = -1;
  for (const i of g.out(u)) {
    if (g.to[i] !== v || !live(g, i)) continue;
    const usd = g.usd[i] ?? Number.NaN;
    const w = Number.isNaN(usd) ? 0 : usd;
    if (best < 0 || w > bestUsd) {
      best = i;
      bestUsd = w;
    }
  }
  return best;
}

/** Distinct companies reached by live deals leaving u. */
function outNeighbours(g: DealGraph, u: number): Set<number> {
  const s = new Set<number>();
  for (const i of g.out(u)) if (live(g, i)) s.add(g.to[i] as number);
  return s;
}

/** One loop through deal `d` (index in the graph) of at most `maxLen` deals, or null. */
export function loopClosedBy(g: DealGraph, d: number, maxLen = 4): Cycle | null {
  const from = g.from[d] ?? -1;
  const to = g.to[d] ?? -1;
  if (from < 0 || to < 0 || from === to || !live(g, d)) return null;
  const back = (nodes: number[]): Cycle => {
    const deals = [g.ids[d] ?? ""];
    for (let k = 1; k < nodes.length; k++) {
      const u = nodes[k] as number;
      const v = nodes[(k + 1) % nodes.length] as number;
      deals.push(g.ids[bestDeal(g, u, v)] ?? "");
    }
    return { path: nodes.map((n) => g.companyId(n)), deals };
  };
  if (bestDeal(g, to, from) >= 0) return back([from, to]);
  if (maxLen < 3) return null;
  const intoFrom = new Set<number>();
  for (const i of g.in(from)) {
    const u = g.from[i] ?? -1;
    if (u >= 0 && u !== from && u !== to && live(g, i)) intoFrom.add(u);
  }
  if (intoFrom.size === 0) return null;
  const firstHop = outNeighbours(g, to);
  firstHop.delete(from);
  firstHop.delete(to);
  for (const x of firstHop) if (intoFrom.has(x)) return back([from, to, x]);
  if (maxLen < 4) return null;
  for (const x of firstHop) {
    for (const i of g.out(x)) {
      const y = g.to[i] as number;
      if (y !== from && y !== to && y !== x && intoFrom.has(y) && live(g, i)) return back([from, to, x, y]);
    }
  }
  return null;
}

/** The same loop, written from `company`'s point of view (its path starts there). */
export function loopFrom(c: Cycle, company: string): Cycle {
  const k = c.path.indexOf(company);
  if (k <= 0) return c;
  return {
    ...c,
    path: [...c.path.slice(k), ...c.path.slice(0, k)],
    deals: [...c.deals.slice(k), ...c.deals.slice(0, k)],
  };
}
