/**
 * The importer on SQLite: Kysely-compiled multi-row SQL run through better-sqlite3 prepared statements,
 * synchronously, inside the caller's IMMEDIATE transaction.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import { type KnownObservation, paddedChunks, statesFrom } from "./load-states.js";
import type { DealState, Plan } from "./plan.js";
import { bind, type DealRow, dealValues, importStatements, lookupStatements, type Template } from "./statements.js";

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
      s = importStatements(db, n, false);
      bySize.set(n, s);
    }
    return s;
  };
  /** Inserts row tuples in chunks; reports the last rowid of each chunk with its size. */
  const insertAll = (
    pick: (s: Statements) => Template,
    rows: readonly (readonly unknown[])[],
    onChunk?: (lastRowid: number, n: number) => void,
  ) => {
    for (let i = 0; i < rows.length; i += ROWS) {
      const n = Math.min(ROWS, rows.length - i);
      const r = stmt(pick(statementsFor(n))).run(bind(rows, i, i + n));
      onChunk?.(Number(r.lastInsertRowid), n);
    }
  };

  return {
    loadStates(ids: string[]): Map<string, DealState> {
      const look = lookupStatements(db, LOOKUP);
      const deals: DealRow[] = [];
      for (const chunk of paddedChunks(ids, LOOKUP)) deals.push(...(stmt(look.deals).all(chunk) as DealRow[]));
      const known: KnownObservation[] = [];
      for (const chunk of paddedChunks(
        deals.map((d) => d.id),
        LOOKUP,
      ))
        known.push(...(stmt(look.observations).all(chunk) as KnownObservation[]));
      return statesFrom(deals, known);
    },

    /** Writes a chunk's events and observations; returns the events' sequence numbers, in order. */
    writeChunk(plan: Plan): number[] {
      // Under the write lock an AUTOINCREMENT key grows by one per row, so a chunk's seqs end at its last rowid.
      const seqs: number[] = [];
      insertAll(
        (s) => s.insertEvents,
        plan.events,
        (last, n) => {
          for (let k = n - 1; k >= 0; k--) seqs.push(last - k);
        },
      );
      applySeqs(plan, seqs);
      // Keyed by deal id: inserting in key order touches each B-tree page once instead of at random.
      insertAll(
        (s) => s.insertObservations,
        plan.observations.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      );
      return seqs;
    },

    /** Writes the final state of every deal the batch changed (before observations' foreign keys are checked at commit). */
    writeDeals(states: Map<string, DealState>): void {
      const dirty: DealRow[] = [];
      for (const s of states.values()) if (s.dirty) dirty.push(s.row);
      dirty.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      insertAll((s) => s.upsertDeals, dirty.map(dealValues));
    },
  };
}

/** Each touched deal's updated_seq becomes the seq of its last event in the batch. */
export function applySeqs(plan: Plan, seqs: number[]): void {
  for (let i = 0; i < plan.eventDeals.length; i++) {
    const s = plan.eventDeals[i] as DealState;
    if (s.lastEvent === i) {
      s.row.updated_seq = seqs[i] as number;
      s.lastEvent = -1; // indexes restart in the next chunk
    }
  }
}
