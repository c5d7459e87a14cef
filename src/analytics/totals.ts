/** Summing deals without ever treating an undisclosed amount as zero. */
import type { Totals } from "./types.js";

export function emptyTotals(): Totals {
  return { deals: 0, total_usd: 0, total_usd_max: 0, undisclosed: 0, unconverted: 0 };
}

/**
 * Adds one deal: `usd`/`usdMax` are its USD low/high ends (NaN when unknown); `disclosed` says
 * whether it states an amount at all (an amount with no FX rate counts as unconverted).
 */
export function addToTotals(t: Totals, usd: number, usdMax: number, disclosed: boolean, deals = 1): void {
  t.deals += deals;
  if (!disclosed) t.undisclosed += 1;
  else if (Number.isNaN(usd)) t.unconverted += 1;
  else {
    t.total_usd += usd;
    t.total_usd_max += Number.isNaN(usdMax) ? usd : Math.max(usd, usdMax);
  }
}

export function mergeTotals(into: Totals, t: Totals): void {
  into.deals += t.deals;
  into.total_usd += t.total_usd;
  into.total_usd_max += t.total_usd_max;
  into.undisclosed += t.undisclosed;
  into.unconverted += t.unconverted;
}
