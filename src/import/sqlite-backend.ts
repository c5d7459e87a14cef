/**
 * The importer on SQLite: Kysely-compiled multi-row SQL run through better-sqlite3 prepared statements,
 * synchronously, inside the caller's IMMEDIATE transaction.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import { type KnownObservation, paddedChunks, statesFrom } from "./load-states.js";
import type { DealState, DirtyDeals, Plan } from "./plan.js";
import {
  chunkRows,
  DEAL_COLUMNS,
  type DealRow,
  EVENT_COLUMNS,
  flatDeals,
  importStatements,
  lookupStatements,
  OBSERVATION_COLUMNS,
  type Template,
} from "./statements.js";

const LOOKUP = 200;
/** Rows per insert statement (deals have 16 columns; SQLite allows 32,766 parameters). */
const ROWS = 100;

type Statements = ReturnType<typeof importStatements>;

export function sqliteBackend(db: Kysely<Database>, sqlite: BetterSqlite3.Database) {
  const prepared = new Map<Template, BetterSqlite3.Statement>();
  const stmt = (t: Template) => {
    let s = prepared.get(t);
    if (!s) {
      s = sqlite.prepare(t.compiled.sql);
      prepared.set(t, s);
    }
    return s;
  };
  const bySize = new Map<number, Statements>();
  const statementsFor = (n: number): Statements => {
    let s = bySize.get(n);
    if (!s) {
      s = importStatements(db, n, "sqlite");
      bySize.set(n, s);
    }
    return s;
  };
  /** Inserts rows given as one flat list of values, in chunks; reports each chunk's last rowid and size. */
  const insertAll = (
    pick: (s: Statements) => Template,
    values: readonly unknown[],
    columns: number,
    onChunk?: (lastRowid: number, n: number) => void,
    perStatement = ROWS,
  ) => {
    const rows = values.length / columns;
    for (let i = 0; i < rows; i += perStatement) {
      const n = Math.min(perStatement, rows - i);
      // As arguments, not one array: better-sqlite3 then binds them in two thirds of the instructions.
      const r = stmt(pick(statementsFor(n))).run(...values.slice(i * columns, (i + n) * columns));
      onChunk?.(Number(r.lastInsertRowid), n);
    }
  };

  return {
    /** The stored rows of the deals among `ids`, and their observations' fingerprints and sources. */
    loadRows(ids: string[]): { deals: DealRow[]; known: KnownObservation[] } {
      const look = lookupStatements(db, LOOKUP);
      const deals: DealRow[] = [];
      for (const chunk of paddedChunks(ids, LOOKUP)) deals.push(...(stmt(look.deals).all(chunk) as DealRow[]));
      const known: KnownObservation[] = [];
      for (const chunk of paddedChunks(
        deals.map((d) => d.id),
        LOOKUP,
      ))
        known.push(...(stmt(look.observations).all(chunk) as KnownObservation[]));
      return { deals, known };
    },

    loadStates(ids: string[]): Map<string, DealState> {
      const { deals, known } = this.loadRows(ids);
      return statesFrom(deals, known);
    },

    /** Writes a chunk's events and observations; returns the events' sequence numbers, in order. */
    writeChunk(chunk: Pick<Plan, "events" | "observations" | "recordedAt">): number[] {
      // Under the write lock an AUTOINCREMENT key grows by one per row, so a chunk's seqs end at its last rowid.
      const seqs: number[] = [];
      const rows = chunkRows(chunk);
      insertAll(
        (s) => s.insertEvents,
        rows.events,
        EVENT_COLUMNS.length,
        (last, n) => {
          for (let k = n - 1; k >= 0; k--) seqs.push(last - k);
        },
      );
      insertAll(
        (s) => s.insertObservations,
        byKey(rows.observations, OBSERVATION_COLUMNS.length),
        OBSERVATION_COLUMNS.length,
      );
      return seqs;
    },

    /** Writes deals' final state (before observations' foreign keys are checked at commit). */
    writeDeals({ added, revised }: DirtyDeals<DealRow[]>): void {
      this.writeFlatDeals({ added: flatDeals(added), revised: flatDeals(revised) });
    },

    /** `writeDeals` for rows already flattened by `flatDeals`. */
    writeFlatDeals({ added, revised }: DirtyDeals<unknown[]>): void {
      insertAll((s) => s.insertDeals, byKey(added, DEAL_COLUMNS.length), DEAL_COLUMNS.length);
      // One row a statement: a multi-row upsert would be journalled (see importStatements).
      insertAll((s) => s.upsertDeals, byKey(revised, DEAL_COLUMNS.length), DEAL_COLUMNS.length, undefined, 1);
    },
  };
}

/**
 * Flat rows reordered by their first value (the key). Inserting in key order touches each B-tree page once
 * instead of at random. Done by the writer, off the planner's path.
 */
function byKey(values: readonly unknown[], columns: number): unknown[] {
  const rows = values.length / columns;
  // The keys side by side: the comparisons then read one small array, not every row's first slot.
  const keys = new Array<string>(rows);
  for (let i = 0; i < rows; i++) keys[i] = values[i * columns] as string;
  const order = Array.from({ length: rows }, (_, i) => i);
  order.sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const out = new Array<unknown>(values.length);
  let k = 0;
  for (const i of order) for (let j = i * columns, end = j + columns; j < end; j++) out[k++] = values[j];
  return out;
}
