/** The deal filter every analytic applies (SPEC §3): cancelled left out unless asked, `since`, statuses. */
import { DEAL_STATUSES, type DealStatus } from "../domain/types.js";
import { dateToInt } from "./dates.js";
import { type DealGraph, STATUS_CODE } from "./deal-graph.js";
import type { AnalyticsOptions } from "./types.js";

export const DEFAULT_MAX_LEN = 4;
/** The longest loop a question may ask for: past it, a hub's loops on a large graph take minutes to walk. */
export const LONGEST_MAX_LEN = 6;
export const DEFAULT_LIMIT = 50;

export interface DealFilter {
  pass(i: number): boolean;
  /** The same test on a status code and an observation date (yyyymmdd), for loops over adjacency entries. */
  passes(status: number, observed: number): boolean;
  includeCancelled: boolean;
  since: string | null;
  statuses: DealStatus[] | null;
  maxLen: number;
  limit: number;
}

export function compileFilter(g: DealGraph, opts: AnalyticsOptions = {}): DealFilter {
  const includeCancelled = opts.includeCancelled ?? false;
  const statuses = opts.statuses && opts.statuses.length > 0 ? [...opts.statuses] : null;
  let mask = 0;
  for (const s of DEAL_STATUSES) {
    if (s === "cancelled" && !includeCancelled && !statuses?.includes("cancelled")) continue;
    if (statuses && !statuses.includes(s)) continue;
    mask |= 1 << (STATUS_CODE.get(s) ?? 0);
  }
  const since = opts.since ?? null;
  const sinceInt = since ? dateToInt(since) : 0;
  const status = g.status;
  const observed = g.observed;
  const maxLen = Math.max(2, Math.floor(opts.maxLen ?? DEFAULT_MAX_LEN));
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT));
  return {
    pass: (i) => ((mask >> (status[i] ?? 0)) & 1) === 1 && (observed[i] ?? 0) >= sinceInt,
    passes: (st, ob) => ((mask >> st) & 1) === 1 && ob >= sinceInt,
    includeCancelled: includeCancelled || (statuses?.includes("cancelled") ?? false),
    since,
    statuses,
    maxLen,
    limit,
  };
}
