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
    for (const loop of cycles(g, { ...opts, company: g.companyId(c) }).cycles) {
      if (!loop.deals.some((d) => dealIds.has(d))) continue;
      const canonical = rotateToFirst(g, loop);
      const key = canonical.path.join(" ");
      if (!found.has(key)) found.set(key, canonical);
    }
  }
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT));
  return [...found.values()]
    .sort((a, b) => (b.total_usd ?? 0) - (a.total_usd ?? 0) || a.path.length - b.path.length)
    .slice(0, limit);
}

/** The same loop starting at its company with the smallest graph index. */
function rotateToFirst(g: DealGraph, c: Cycle): Cycle {
  let at = 0;
  let best = Number.POSITIVE_INFINITY;
  c.path.forEach((id, k) => {
    const i = g.companyIndex(id) ?? Number.POSITIVE_INFINITY;
    if (i < best) {
      best = i;
      at = k;
    }
  });
  if (at === 0) return c;
  const turn = <T>(xs: T[]): T[] => [...xs.slice(at), ...xs.slice(0, at)];
  const rotated: Cycle = { ...c, path: turn(c.path), deals: turn(c.deals) };
  if (c.edges) rotated.edges = turn(c.edges);
  if (c.parallel) rotated.parallel = turn(c.parallel);
  return rotated;
}
