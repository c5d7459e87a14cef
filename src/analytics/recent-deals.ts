/** Recent deals: a company's deals (or every deal) in the filter, newest first. */
import { DEAL_KINDS, DEAL_STATUSES, type DealKind } from "../domain/types.js";
import type { DealGraph } from "./deal-graph.js";
import type { AnalyticsOptions, DealRef } from "./types.js";

export interface RecentDeals {
  deals: DealRef[];
  total: number;
  /** With `since`: the newest deal that matches all but `since` and is older, or null (none, or no `since`). */
  latestBeforeSince: DealRef | null;
}

/**
 * The first `limit` deals involving `company` (or any), newest by observation first, and how many matched;
 * and the newest one `since` left out, so an empty answer can say when the last such deal came.
 */
export function recentDeals(
  g: DealGraph,
  opts: AnalyticsOptions & { company?: string; kind?: DealKind; limit: number },
): RecentDeals {
  let indexes: Iterable<number>;
  if (opts.company !== undefined) {
    const c = g.companyIndex(opts.company);
    indexes = c === undefined ? [] : new Set([...g.out(c), ...g.in(c)]);
  } else {
    indexes = g.ids.keys();
  }
  const cancelled = DEAL_STATUSES.indexOf("cancelled");
  const kind = opts.kind === undefined ? -1 : DEAL_KINDS.indexOf(opts.kind);
  const newerFirst = (a: number, b: number) =>
    (g.observed[b] ?? 0) - (g.observed[a] ?? 0) || (g.ids[a] ?? "").localeCompare(g.ids[b] ?? "");
  const picked: number[] = [];
  let before = -1;
  for (const i of indexes) {
    if (!opts.includeCancelled && g.status[i] === cancelled) continue;
    if (kind >= 0 && g.kind[i] !== kind) continue;
    if (opts.since && g.observedOn(i) < opts.since) {
      if (before < 0 || newerFirst(i, before) < 0) before = i;
      continue;
    }
    picked.push(i);
  }
  picked.sort(newerFirst);
  return {
    deals: picked.slice(0, opts.limit).map((i) => g.ref(i)),
    total: picked.length,
    latestBeforeSince: before < 0 ? null : g.ref(before),
  };
}
