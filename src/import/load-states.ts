/** Turning looked-up rows into the planner's DealState map. */

import { addKey, sourceKey } from "./keys.js";
import type { DealState } from "./plan.js";
import type { DealRow } from "./statements.js";

/** A looked-up observation of a deal the batch touches: its fingerprint and the source kept on it. */
export interface KnownObservation {
  deal_id: string;
  fingerprint: string;
  publisher: string | null;
  url: string | null;
  observed_on: string;
}

export function statesFrom(deals: DealRow[], observations: KnownObservation[]): Map<string, DealState> {
  const states = new Map<string, DealState>();
  for (const row of deals) {
    states.set(row.id, {
      row: { ...row, updated_seq: Number(row.updated_seq) },
      addedSeq: 0,
      seen: null,
      first: null,
      firstAt: -1,
      stored: true,
      sourceKeys: null,
      lastEvent: -1,
      dirty: false,
    });
  }
  for (const o of observations) {
    const st = states.get(o.deal_id);
    if (!st) continue;
    st.seen = addKey(st.seen, o.fingerprint);
    if (o.publisher !== null) st.sourceKeys = addKey(st.sourceKeys, sourceKey(o.publisher, o.url ?? "", o.observed_on));
  }
  return states;
}

/** `ids` in chunks of exactly `n`, the last one padded by repeating its last id (harmless in `IN (...)`). */
export function paddedChunks(ids: string[], n: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += n) {
    const chunk = ids.slice(i, i + n);
    const last = chunk[chunk.length - 1] as string;
    while (chunk.length < n) chunk.push(last);
    out.push(chunk);
  }
  return out;
}
