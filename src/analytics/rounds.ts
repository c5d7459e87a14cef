/**
 * Round participations (SPEC §3): an investment whose `round` is a funding round of the same company,
 * in the same filtered set, is counted inside that round; the round counts once, at the larger of its
 * own amount and the sum of its known participations.
 */
import type { DealGraph } from "./deal-graph.js";
import { KIND_CODE } from "./deal-graph.js";

const ROUND = KIND_CODE.get("funding_round");
const INVESTMENT = KIND_CODE.get("investment");

/** A deal as counted: a round with its participations folded in, or a deal on its own. */
export interface CountedItem {
  deal: number;
  parts: number[];
  usd: number; // NaN when unknown
  usdMax: number;
  disclosed: boolean;
  /** Known participations' sums (0 when none). */
  partsUsd: number;
  partsUsdMax: number;
}

/** Folds `deals` (all into one company, already filtered) into counted items. */
export function foldRounds(g: DealGraph, deals: Iterable<number>): CountedItem[] {
  const rounds = new Map<string, CountedItem>();
  const items: CountedItem[] = [];
  for (const i of deals) {
    const item: CountedItem = {
      deal: i,
      parts: [],
      usd: g.usd[i] ?? Number.NaN,
      usdMax: g.usdMax[i] ?? Number.NaN,
      disclosed: g.disclosed(i),
      partsUsd: 0,
      partsUsdMax: 0,
    };
    items.push(item);
    if (g.kind[i] === ROUND) rounds.set(g.ids[i] ?? "", item);
  }
  if (rounds.size === 0) return items;
  const kept: CountedItem[] = [];
  for (const item of items) {
    const i = item.deal;
    const roundId = g.kind[i] === INVESTMENT ? g.roundOf.get(i) : undefined;
    const round = roundId === undefined ? undefined : rounds.get(roundId);
    if (round && round.deal !== i && g.to[round.deal] === g.to[i]) round.parts.push(i);
    else kept.push(item);
  }
  for (const round of rounds.values()) if (round.parts.length > 0) settleRound(g, round);
  return kept;
}

function settleRound(g: DealGraph, round: CountedItem): void {
  let known = 0;
  for (const p of round.parts) {
    const usd = g.usd[p] ?? Number.NaN;
    if (Number.isNaN(usd)) continue;
    known++;
    round.partsUsd += usd;
    const max = g.usdMax[p] ?? Number.NaN;
    round.partsUsdMax += Number.isNaN(max) ? usd : max;
  }
  if (known === 0) {
    if (!round.disclosed) round.disclosed = round.parts.some((p) => g.disclosed(p));
    return;
  }
  const own = Number.isNaN(round.usd) ? 0 : round.usd;
  const ownMax = Number.isNaN(round.usdMax) ? own : round.usdMax;
  round.usd = Math.max(own, round.partsUsd);
  round.usdMax = Math.max(ownMax, round.partsUsdMax, round.usd);
  round.disclosed = true;
}
