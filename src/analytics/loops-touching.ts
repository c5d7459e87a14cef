/**
 * The loops a set of deals touches, found through the deals' companies instead of over the whole
 * graph, and reported as the global list reports them: each once, starting at the company first in
 * the graph's order, heaviest first.
 */
import { cycles } from "./cycles.js";
import type { DealGraph } from "./deal-graph.js";
import { DEFAULT_LIMIT } from "./filter.js";
import type { AnalyticsOptions, Cycle } from "./types.js";

/** The heaviest loops (at most `opts.limit`, default 50) whose chosen deals include one of `dealIds`. */
export function loopsTouching(g: DealGraph, dealIds: ReadonlySet<string>, opts: AnalyticsOptions = {}): Cycle[] {
  const companies = new Set<number>();
  for (const id of dealIds) {
    const i = g.dealIndex(id);
    if (i === undefined) continue;
    const from = g.from[i] ?? -1;
    if (from >= 0) companies.add(from);
    companies.add(g.to[i] ?? 0);
  }
  const found = new Map<string, Cycle>();
  for (const c of [...companies].sort((a, b) => a - b)) {
    for (const loop of cycles(g, { ...opts, company: g.companyId(c), graphOrder: true }).cycles) {
      if (!loop.deals.some((d) => dealIds.has(d))) continue;
      const key = loop.path.join(" ");
      if (!found.has(key)) found.set(key, loop);
    }
  }
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT));
  return [...found.values()]
    .sort((a, b) => (b.total_usd ?? 0) - (a.total_usd ?? 0) || a.path.length - b.path.length)
    .slice(0, limit);
}
