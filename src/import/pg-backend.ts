/** The importer on PostgreSQL: Kysely-compiled multi-row statements, executed inside the import's transaction. */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../store/schema.js";
import { paddedChunks, type StoredRows, statesFrom } from "./load-states.js";
import type { DealState, DirtyDeals, Plan } from "./plan.js";
import {
  chunkRows,
  DEAL_COLUMNS,
  type DealRow,
  EVENT_COLUMNS,
  importStatements,
  KNOWN_COLUMNS,
  lookupStatements,
  OBSERVATION_COLUMNS,
  pushDealValues,
  type Template,
} from "./statements.js";

const ROWS = 500;

/** `bytes`: the imported file's, where bodies the planner leaves to the writer may be (ImportData.bytes). */
export function pgBackend(trx: Transaction<Database>, bytes: Buffer | null) {
  const run = async (t: Template, parameters: readonly unknown[]) =>
    (await trx.executeQuery<Record<string, unknown>>({ ...t.compiled, parameters })).rows;

  const full = importStatements(trx as unknown as Kysely<Database>, ROWS, "postgres");
  const tails = new Map<number, ReturnType<typeof importStatements>>();
  const statementsFor = (n: number) => {
    if (n === ROWS) return full;
    let s = tails.get(n);
    if (!s) {
      s = importStatements(trx as unknown as Kysely<Database>, n, "postgres");
      tails.set(n, s);
    }
    return s;
  };
  /** Runs one statement of the set over flat rows of `columns` values, ROWS at a time; returns all rows returned. */
  const insertAll = async (
    pick: (s: ReturnType<typeof importStatements>) => Template,
    values: readonly unknown[],
    columns: number,
  ) => {
    const out: Record<string, unknown>[] = [];
    const rows = values.length / columns;
    for (let i = 0; i < rows; i += ROWS) {
      const n = Math.min(ROWS, rows - i);
      out.push(...(await run(pick(statementsFor(n)), values.slice(i * columns, (i + n) * columns))));
    }
    return out;
  };

  return {
    async loadStates(ids: string[]): Promise<Map<string, DealState>> {
      const look = lookupStatements(trx as unknown as Kysely<Database>, ROWS);
      const rows: StoredRows = { deals: [], known: [] };
      const found: string[] = [];
      for (const chunk of paddedChunks(ids, ROWS))
        for (const r of (await run(look.deals, chunk)) as unknown as DealRow[]) {
          found.push(r.id);
          pushDealValues(rows.deals, r);
        }
      for (const chunk of paddedChunks(found, ROWS))
        for (const o of await run(look.observations, chunk)) for (const c of KNOWN_COLUMNS) rows.known.push(o[c]);
      return statesFrom(rows);
    },

    /** Writes a chunk's events and observations; returns the events' sequence numbers, in order. */
    async writeChunk(plan: Plan): Promise<number[]> {
      const rows = chunkRows(plan, bytes ? { bytes, owned: false } : null);
      // Multi-row VALUES with RETURNING gives the sequence numbers in row order.
      const seqs = (await insertAll((s) => s.insertEvents, rows.events, EVENT_COLUMNS.length)).map((r) =>
        Number(r.seq),
      );
      await insertAll((s) => s.insertObservations, rows.observations, OBSERVATION_COLUMNS.length);
      return seqs;
    },

    /** Writes deals' final state, given as batches of flat value lists (`dirtyDealBatches`). */
    async writeDeals({ added, revised }: DirtyDeals<unknown[][]>): Promise<void> {
      for (const batch of added) await insertAll((s) => s.insertDeals, batch, DEAL_COLUMNS.length);
      for (const batch of revised) await insertAll((s) => s.upsertDeals, batch, DEAL_COLUMNS.length);
    },
  };
}
