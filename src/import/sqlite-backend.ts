/**
 * The importer on SQLite: Kysely-compiled multi-row SQL run through better-sqlite3 prepared statements,
 * synchronously, inside the caller's IMMEDIATE transaction.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import { keyOrder } from "./key-order.js";
import { paddedChunks, type StoredRows, statesFrom } from "./load-states.js";
import type { DealState, DirtyDeals, Plan } from "./plan.js";
import {
  ADDED_EVENT_COLUMNS,
  addedEventsStatement,
  chunkRuns,
  DEAL_COLUMNS,
  EVENT_COLUMNS,
  type FileBytes,
  importStatements,
  type LookupStatements,
  lookupStatements,
  OBSERVATION_COLUMNS,
  type Template,
} from "./statements.js";

const LOOKUP = 200;
/** Rows per insert statement (deals have 16 columns; SQLite allows 32,766 parameters). */
const ROWS = 100;
/**
 * Observation rows inserted together, in key order. A chunk's 2,000 rows land about one to a page of the unique
 * key's index at 1M observations; 10,000 share its pages (writer thread 0.3–1 s less CPU on the bench's import).
 */
const OBSERVATION_RUN = 10_000;

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
  /** The prepared statement of the set for `n` rows that `pick` names. */
  const preparedFor = (pick: (s: Statements) => Template) => (n: number) => stmt(pick(statementsFor(n)));
  /**
   * Runs one multi-row insert per argument list (rows of `columns` values), with the statement for its number
   * of rows; reports each one's last rowid and size.
   */
  const insertEach = (
    statementFor: (n: number) => BetterSqlite3.Statement,
    argLists: readonly unknown[][],
    columns: number,
    onStatement?: (lastRowid: number, n: number) => void,
  ) => {
    for (const args of argLists) {
      const n = args.length / columns;
      if (n === 0) continue;
      // As arguments, not one array: better-sqlite3 then binds them in two thirds of the instructions.
      const r = statementFor(n).run(...args);
      onStatement?.(Number(r.lastInsertRowid), n);
    }
  };

  /** `deal_added` inserts by size, for the import recording at `addedAt` (see addedEventsStatement). */
  const addedBySize = new Map<number, BetterSqlite3.Statement>();
  let addedAt: string | null = null;
  const addedEvents = (n: number, recordedAt: string) => {
    if (recordedAt !== addedAt) {
      addedBySize.clear();
      addedAt = recordedAt;
    }
    let s = addedBySize.get(n);
    if (!s) {
      s = sqlite.prepare(addedEventsStatement(db, n, recordedAt).compiled.sql);
      addedBySize.set(n, s);
    }
    return s;
  };

  /** The look-ups of stored deals, compiled once (their prepared statements are kept by template). */
  let lookupTemplates: LookupStatements | null = null;
  const lookups = () => {
    lookupTemplates ??= lookupStatements(db, LOOKUP);
    return lookupTemplates;
  };

  /** The file being imported, where bodies the planner leaves to the writer may be. */
  let file: FileBytes | null = null;

  /** Observation rows `writeChunk` was given and has not inserted yet (see OBSERVATION_RUN). */
  let pending: unknown[][] = [];
  let pendingRows = 0;
  const insertPending = () => {
    if (pendingRows === 0) return;
    const columns = OBSERVATION_COLUMNS.length;
    insertEach(
      preparedFor((s) => s.insertObservations),
      inKeyOrder(pending, columns),
      columns,
    );
    pending = [];
    pendingRows = 0;
  };

  return {
    /** The bytes of the file imported from now on, or null once it is done. */
    useFile(bytes: FileBytes | null): void {
      file = bytes;
      pending = [];
      pendingRows = 0;
    },

    /** The fingerprints of the stored observations of the deals among `ids`, as flat (deal id, fingerprint) pairs. */
    storedFingerprints(ids: string[]): string[] {
      const of = stmt(lookups().fingerprints).raw(true);
      const pairs: string[] = [];
      for (const chunk of paddedChunks(ids, LOOKUP))
        for (const [deal, fingerprint] of of.all(chunk) as [string, string][]) pairs.push(deal, fingerprint);
      return pairs;
    },

    /** The stored rows of the deals among `ids`, and their observations' fingerprints and sources. */
    loadRows(ids: string[]): StoredRows {
      const dealsOf = stmt(lookups().deals).raw(true);
      const knownOf = stmt(lookups().observations).raw(true);
      const deals: unknown[] = [];
      const found: string[] = [];
      for (const chunk of paddedChunks(ids, LOOKUP))
        for (const row of dealsOf.all(chunk) as unknown[][]) {
          found.push(row[0] as string);
          for (const v of row) deals.push(v);
        }
      const known: unknown[] = [];
      for (const chunk of paddedChunks(found, LOOKUP))
        for (const row of knownOf.all(chunk) as unknown[][]) for (const v of row) known.push(v);
      return { deals, known };
    },

    loadStates(ids: string[]): Map<string, DealState> {
      return statesFrom(this.loadRows(ids));
    },

    /**
     * Writes a chunk's events, and its observations once OBSERVATION_RUN rows are held (the rest with the deals,
     * a file's last write); returns the events' sequence numbers, in order.
     */
    writeChunk(chunk: Pick<Plan, "events" | "observations" | "recordedAt">): number[] {
      // Under the write lock an AUTOINCREMENT key grows by one per row, so a chunk's seqs end at its last rowid.
      const seqs: number[] = [];
      const noteSeqs = (last: number, n: number) => {
        for (let k = n - 1; k >= 0; k--) seqs.push(last - k);
      };
      const rows = chunkRuns(chunk, file);
      for (const run of rows.events) {
        if (run.added) {
          const columns = ADDED_EVENT_COLUMNS.length;
          insertEach((n) => addedEvents(n, chunk.recordedAt), inStatements(run.values, columns), columns, noteSeqs);
        } else {
          const columns = EVENT_COLUMNS.length;
          insertEach(
            preparedFor((s) => s.insertEvents),
            inStatements(run.values, columns),
            columns,
            noteSeqs,
          );
        }
      }
      pending.push(rows.observations);
      pendingRows += rows.observations.length / OBSERVATION_COLUMNS.length;
      if (pendingRows >= OBSERVATION_RUN) insertPending();
      return seqs;
    },

    /**
     * Writes the observations still held, then deals' final state (before observations' foreign keys are checked
     * at commit), given as batches of flat value lists (`dirtyDealBatches`). The planner sends a file's deals
     * after all its chunks, at least one (maybe empty) part.
     */
    writeDeals({ added, revised }: DirtyDeals<unknown[][]>): void {
      insertPending();
      const columns = DEAL_COLUMNS.length;
      // The planner gives them in id order.
      insertEach(
        preparedFor((s) => s.insertDeals),
        added.flatMap((batch) => inStatements(batch, columns)),
        columns,
      );
      // One row a statement: a multi-row upsert would be journalled (see importStatements).
      insertEach(
        preparedFor((s) => s.upsertDeals),
        revised.flatMap((batch) => inStatements(batch, columns, 1)),
        columns,
      );
    },
  };
}

/** Flat rows as argument lists of up to `perStatement` rows each, in their order. */
function inStatements(values: readonly unknown[], columns: number, perStatement = ROWS): unknown[][] {
  const lists: unknown[][] = [];
  const step = perStatement * columns;
  for (let i = 0; i < values.length; i += step) lists.push(values.slice(i, i + step));
  return lists;
}

/**
 * Observation rows given as batches of flat values, reordered by their first value (the key), as argument lists of
 * up to ROWS rows each. Inserting in key order touches each B-tree page once instead of at random. Done by the
 * writer, off the planner's path.
 */
function inKeyOrder(batches: readonly (readonly unknown[])[], columns: number): unknown[][] {
  let rows = 0;
  for (const values of batches) rows += values.length / columns;
  if (rows === 0) return [];
  const keys = new Array<string>(rows);
  // Where each row is: its batch, and the index of its first value there.
  const batchOf = new Int32Array(rows);
  const startOf = new Int32Array(rows);
  for (let b = 0, i = 0; b < batches.length; b++) {
    const values = batches[b] as readonly unknown[];
    for (let j = 0; j < values.length; j += columns, i++) {
      keys[i] = values[j] as string;
      batchOf[i] = b;
      startOf[i] = j;
    }
  }
  const order = keyOrder(keys);
  const lists: unknown[][] = [];
  for (let k = 0; k < rows; k += ROWS) {
    const n = Math.min(ROWS, rows - k);
    const args = new Array<unknown>(n * columns);
    for (let r = 0, a = 0; r < n; r++) {
      const i = order[k + r] as number;
      const values = batches[batchOf[i] as number] as readonly unknown[];
      for (let j = startOf[i] as number, end = j + columns; j < end; j++) args[a++] = values[j];
    }
    lists.push(args);
  }
  return lists;
}
