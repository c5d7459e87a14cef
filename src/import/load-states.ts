/** Turning looked-up rows into the planner's DealState map. */
import type { DealState } from "./plan.js";
import { sourceKey } from "./plan.js";
import type { DealRow } from "./statements.js";

export function statesFrom(
  deals: DealRow[],
  fingerprints: { deal_id: string; fingerprint: string }[],
  sources: { deal_id: string; publisher: string; url: string; date: string }[],
): Map<string, DealState> {
  const states = new Map<string, DealState>();
  for (const row of deals) {
    states.set(row.id, {
      row: { ...row, updated_seq: Number(row.updated_seq) },
      fingerprints: new Set(),
      sourceKeys: new Set(),
      lastEvent: -1,
      dirty: false,
    });
  }
  for (const f of fingerprints) states.get(f.deal_id)?.fingerprints.add(f.fingerprint);
  for (const s of sources) states.get(s.deal_id)?.sourceKeys.add(sourceKey(s.publisher, s.url, s.date));
  return states;
}

/** `ids` in chunks of exactly `n`, the last one padded by repeating its last id (harmless in `IN (...)`). */
export function paddedChunks(ids: string[], n: number): { id: string }[][] {
  const out: { id: string }[][] = [];
  for (let i = 0; i < ids.length; i += n) {
    const chunk = ids.slice(i, i + n);
    const last = chunk[chunk.length - 1] as string;
    while (chunk.length < n) chunk.push(last);
    out.push(chunk.map((id) => ({ id })));
  }
  return out;
}
