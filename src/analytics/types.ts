/**
 * Result shapes of the analytics (SPEC §3). The `--json` output of the CLI is exactly these,
 * so scripts can rely on the names.
 */
import type { Amount, DealKind, DealStatus } from "../domain/types.js";

/** A sum of deals in USD. Amounts that could not be converted are counted in `unconverted`. */
export interface Totals {
  deals: number;
  total_usd: number;
  total_usd_max: number;
  undisclosed: number;
  /** Deals whose amount is in a currency with no stored FX rate (left out of the USD sums). */
  unconverted: number;
}

/** A deal as analytics report it: enough to cite it without another look-up. */
export interface DealRef {
  id: string;
  kind: DealKind;
  from: string | null;
  to: string;
  status: DealStatus;
  amount: Amount | null;
  /** The amount's low end in USD; null when undisclosed or unconvertible. */
  usd: number | null;
  usd_max: number | null;
  observed_on: string;
  title: { en?: string; ko?: string };
  source: { publisher: string; url?: string; date: string } | null;
  /** Funding only, on a round: the participations counted inside it, and the figure the round counted at. */
  participations?: DealRef[];
  counted_usd?: number | null;
  counted_usd_max?: number | null;
}

/** Filters shared by every analytic (SPEC §3). */
export interface AnalyticsOptions {
  /** Keep cancelled deals (left out by default). */
  includeCancelled?: boolean;
  /** Only deals whose current state was observed on or after this date (YYYY-MM-DD). */
  since?: string | null;
  /** Only deals in these statuses. */
  statuses?: DealStatus[] | null;
  /** Longest loop, in deals (default 4). */
  maxLen?: number;
  /** How many loops to list at most (default 50); the rest are counted in `more`. */
  limit?: number;
  /** exposure: how many counterparties to list at most (default 100); the rest are counted. */
  counterpartyLimit?: number;
}

export interface FundingResult extends Totals {
  company: string;
  by_status: Record<string, Totals>;
  by_investor: Record<string, Totals>; // key: investor company id, or "undisclosed"
  /** Rounds and direct investments counted (participations appear inside their rounds). */
  items: DealRef[];
  /** Filters applied, so answers can say what was counted. */
  counted: { include_cancelled: boolean; since: string | null; statuses: DealStatus[] | null };
}

export interface Cycle {
  path: string[]; // company ids, first repeated implicitly at the end
  deals: string[]; // deal ids, deals[i] goes path[i] -> path[i+1 mod n]
  edges?: DealRef[];
  /** Sum of the loop's known USD amounts, used to rank loops. */
  total_usd?: number;
  /**
   * When two companies on the loop are linked by several deals, the loop is still listed once:
   * `deals[i]` is the largest of them and `parallel[i]` lists all of them.
   */
  parallel?: string[][];
}

export interface CyclesResult {
  /** Set when the loops were asked for through one company (each path then starts there). */
  company?: string;
  cycles: Cycle[];
  /** How many loops exist beyond those listed (when there are too many to list); at least that many when not `complete`. */
  more: number;
  /** False when the walk stopped at its work limit: the loops listed are the largest of those found. */
  complete: boolean;
  max_len: number;
  include_cancelled: boolean;
}

export interface CounterpartyFlows {
  company: string;
  outflow: Totals;
  inflow: Totals;
}

export interface ExposureResult {
  company: string;
  outflows: Totals;
  inflows: Totals;
  circular: Totals;
  cycles: Cycle[];
  /** Loops beyond those listed; at least that many when not `cycles_complete`. */
  cycles_more: number;
  /**
   * False when the walk for loops longer than four companies stopped at its work limit: the loops listed
   * are the largest of those found. `circular` counts every loop all the same.
   */
  cycles_complete: boolean;
  counterparties: CounterpartyFlows[]; // largest total first, at most `counterpartyLimit` (default 100)
  /** Counterparties beyond those listed. */
  counterparties_more?: number;
  /** Share (0..1) of known inflow from the largest counterparty; null with no known inflow. */
  concentration: { company: string; share: number } | null;
  max_len: number;
  include_cancelled: boolean;
}
