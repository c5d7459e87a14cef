/** Recent deals: a company's deals (or every deal) in the filter, newest first. */
import { DEAL_KINDS, DEAL_STATUSES, type DealKind } from "../domain/types.js";
import type { DealGraph } from "./deal-graph.js";
import type { AnalyticsOptions, DealRef } from "./types.js";

/** The first `limit` deals involving `company` (or any), newest by observation first, and how many matched. */
export function recentDeals(
  g: DealGraph,
  opts: AnalyticsOptions & { company?: string; kind?: DealKind; limit: number },
): { deals: DealRef[]; total: number } {
  let indexes: Iterable<number>;
  if (opts.company !== undefined) {
    const c = g.companyIndex(opts.company);
    indexes = c === undefined ? [] : new Set([...g.out(c), ...g.in(c)]);
  } else {
    indexes = g.ids.keys();
  }
  const cancelled = DEAL_STATUSES.indexOf("cancelled");
  const kind = opts.kind === undefined ? -1 : DEAL_KINDS.indexOf(opts.kind);
  const picked: number[] = [];
  for (const i of indexes) {
    if (!opts.includeCancelled && g.status[i] === cancelled) continue;
    if (kind >= 0 && g.kind[i] !== kind) continue;
    if (opts.since && g.observedOn(i) < opts.since) continue;
    picked.push(i);
  }
  picked.sort((a, b) => (g.observed[b] ?? 0) - (g.observed[a] ?? 0) || (g.ids[a] ?? "").localeCompare(g.ids[b] ?? ""));
  return { deals: picked.slice(0, opts.limit).map((i) => g.ref(i)), total: picked.length };
}
