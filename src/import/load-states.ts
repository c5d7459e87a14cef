/** Turning looked-up rows into the planner's DealState map. */

import { addKey, sourceKey } from "./keys.js";
import type { DealState } from "./plan.js";
import { DEAL_COLUMNS, type DealRow, KNOWN_COLUMNS } from "./statements.js";

/**
 * Stored rows as flat value lists (deals in DEAL_COLUMNS order, observations in KNOWN_COLUMNS order): a hundred
 * thousand of them cross to the importer's thread several times faster than as objects.
 */
export interface StoredRows {
  deals: unknown[];
  known: unknown[];
}

export function statesFrom({ deals, known }: StoredRows): Map<string, DealState> {
  const states = new Map<string, DealState>();
  const width = DEAL_COLUMNS.length;
  for (let i = 0; i < deals.length; i += width) {
    const row = dealRowAt(deals, i);
    states.set(row.id, {
      row,
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
  for (let i = 0; i < known.length; i += KNOWN_COLUMNS.length) {
    const st = states.get(known[i] as string);
    if (!st) continue;
    st.seen = addKey(st.seen, known[i + 1] as string);
    const publisher = known[i + 2] as string | null;
    if (publisher !== null)
      st.sourceKeys = addKey(
        st.sourceKeys,
        sourceKey(publisher, (known[i + 3] as string | null) ?? "", known[i + 4] as string),
      );
  }
  return states;
}

/** The deal row whose DEAL_COLUMNS values start at `i` in `values`. */
function dealRowAt(values: readonly unknown[], i: number): DealRow {
  return {
    id: values[i] as string,
    kind: values[i + 1] as string,
    from_id: values[i + 2] as string | null,
    to_id: values[i + 3] as string,
    round_id: values[i + 4] as string | null,
    amount_value: values[i + 5] as number | null,
    amount_currency: values[i + 6] as string | null,
    amount_qualifier: values[i + 7] as string | null,
    amount_max: values[i + 8] as number | null,
    status: values[i + 9] as string,
    terms: values[i + 10] as string | null,
    title_en: values[i + 11] as string | null,
    title_ko: values[i + 12] as string | null,
    observed_on: values[i + 13] as string,
    first_observed_on: values[i + 14] as string,
    // PostgreSQL returns a bigint as text.
    updated_seq: Number(values[i + 15]),
  };
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
