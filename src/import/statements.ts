/**
 * Statements for the importer's hot path: each built and compiled once by Kysely (so both dialects get
 * their own SQL from one definition), then executed many times with new parameters.
 */
import { type Compilable, type CompiledQuery, type Kysely, sql } from "kysely";
import type { Dialect } from "../store/db.js";
import type { Database } from "../store/schema.js";
import type { DealsTable, EventsTable, ObservationsTable } from "../store/schema-core.js";
import { bodyAt, bodyBytes } from "./canonical-line.js";
import { fingerprintOf } from "./fingerprint.js";
import { type BodyValues, bodyFrom } from "./observation-body.js";
import type { Plan } from "./plan.js";

type EventColumns = Omit<EventsTable, "seq">;
type ObservationColumns = Omit<ObservationsTable, "id">;

/** Compiled SQL whose parameters are its rows' values, row by row, each row in its column order. */
export interface Template {
  compiled: CompiledQuery;
}

const MARK = "\u0000slot\u0000";

/**
 * Compiles `build(rows)` where every value is a marker, and checks the parameters come out row by row in
 * column order, so a statement's parameters are its rows' values one after another (a flat row list).
 */
function template<R>(n: number, columns: readonly (keyof R & string)[], build: (rows: R[]) => Compilable): Template {
  const rows = Array.from(
    { length: n },
    (_, i) => Object.fromEntries(columns.map((c, j) => [c, `${MARK}${i * columns.length + j}`])) as R,
  );
  const compiled = build(rows).compile();
  compiled.parameters.forEach((p, k) => {
    if (p !== `${MARK}${k}`) throw new Error(`parameters out of row order in ${compiled.sql}`);
  });
  return { compiled };
}

export type DealRow = DealsTable;

export const EVENT_COLUMNS = [
  "type",
  "deal_id",
  "observed_on",
  "old_json",
  "new_json",
  "recorded_at",
  "fingerprint",
] as const;
export const OBSERVATION_COLUMNS = [
  "deal_id",
  "observed_on",
  "fingerprint",
  "body",
  "publisher",
  "url",
  "lang",
] as const;
export const DEAL_COLUMNS = [
  "id",
  "kind",
  "from_id",
  "to_id",
  "round_id",
  "amount_value",
  "amount_currency",
  "amount_qualifier",
  "amount_max",
  "status",
  "terms",
  "title_en",
  "title_ko",
  "observed_on",
  "first_observed_on",
  "updated_seq",
] as const;

/**
 * Of a looked-up observation of a deal the import touches, what the planner compares: its fingerprint and the
 * source kept on it.
 */
export const KNOWN_COLUMNS = ["deal_id", "fingerprint", "publisher", "url", "observed_on"] as const;

/**
 * The importer's statements for `n` rows at a time. On PostgreSQL event inserts return their seqs; on SQLite
 * the caller derives them from the last insert rowid (under its write lock).
 *
 * On SQLite the multi-row inserts are `INSERT OR FAIL`. A plain multi-row insert that could abort half-way
 * makes SQLite copy every page it touches to a statement journal first, so the statement alone can be
 * undone: for a 100-row insert at random places in an index, about 100 pages of 16 KiB. The import never
 * needs that: any failed statement rolls back the whole import. A multi-row upsert that updates
 * (`ON CONFLICT DO UPDATE`) is journalled whatever its conflict clause, so deals new to the store get a
 * plain insert (`insertDeals`) and the few already stored are upserted one row at a time (`upsertDeals` at
 * n = 1), which needs no journal.
 */
export function importStatements(db: Kysely<Database>, n: number, dialect: Dialect) {
  const into = <T extends keyof Database & string>(table: T) =>
    dialect === "sqlite" ? db.insertInto(table).orFail() : db.insertInto(table);
  return {
    insertEvents: template<EventColumns>(n, EVENT_COLUMNS, (rows) =>
      dialect === "postgres" ? into("events").values(rows).returning("seq") : into("events").values(rows),
    ),
    insertObservations: template<ObservationColumns>(n, OBSERVATION_COLUMNS, (rows) =>
      into("observations")
        .values(dialect === "sqlite" ? rows.map(textOfBody) : rows)
        .onConflict((oc) => oc.columns(["deal_id", "fingerprint"]).doNothing()),
    ),
    insertDeals: template<DealRow>(n, DEAL_COLUMNS, (rows) => into("deals").values(rows)),
    upsertDeals: template<DealRow>(n, DEAL_COLUMNS, (rows) =>
      db
        .insertInto("deals")
        .values(rows)
        .onConflict((oc) =>
          oc
            .column("id")
            .doUpdateSet((eb) =>
              Object.fromEntries(DEAL_COLUMNS.filter((c) => c !== "id").map((c) => [c, eb.ref(`excluded.${c}`)])),
            ),
        ),
    ),
  };
}

export const ADDED_EVENT_COLUMNS = ["deal_id", "observed_on", "fingerprint"] as const;
type AddedEventColumns = Pick<EventColumns, (typeof ADDED_EVENT_COLUMNS)[number]>;

/**
 * SQLite's insert of `n` `deal_added` events recorded at `recordedAt`, with the type and the time written into
 * the SQL: a row then binds three values instead of seven, and better-sqlite3 converts and copies every string
 * it binds. Most events of a bulk import are these.
 */
export function addedEventsStatement(db: Kysely<Database>, n: number, recordedAt: string): Template {
  return template<AddedEventColumns>(n, ADDED_EVENT_COLUMNS, (rows) =>
    db
      .insertInto("events")
      .orFail()
      .values(rows.map((r) => ({ ...r, type: sql.lit("deal_added"), recorded_at: sql.lit(recordedAt) }))),
  );
}

/** On SQLite a body may be given as its UTF-8 bytes (see FileBytes): stored as the text they are. */
const textOfBody = (r: ObservationColumns) => ({ ...r, body: sql<string>`cast(${r.body} as text)` });

/** Look-ups of the current state of `n` deals at a time. */
export function lookupStatements(db: Kysely<Database>, n: number) {
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
  return {
    /** The deals' rows, DEAL_COLUMNS in order. */
    deals: template<{ id: string }>(n, ["id"], (rows) =>
      db.selectFrom("deals").select(DEAL_COLUMNS).where("id", "in", ids(rows)),
    ),
    /** The deals' observations' fingerprints alone, read from the unique key's index without the rows. */
    fingerprints: template<{ id: string }>(n, ["id"], (rows) =>
      db.selectFrom("observations").select(["deal_id", "fingerprint"]).where("deal_id", "in", ids(rows)),
    ),
    /** Fingerprints and the sources kept, of the deals' observations: KNOWN_COLUMNS in order. */
    observations: template<{ id: string }>(n, ["id"], (rows) =>
      db.selectFrom("observations").select(KNOWN_COLUMNS).where("deal_id", "in", ids(rows)),
    ),
  };
}

const DEAL_ID = OBSERVATION_COLUMNS.indexOf("deal_id");
const OBSERVED_ON = OBSERVATION_COLUMNS.indexOf("observed_on");
const FINGERPRINT = OBSERVATION_COLUMNS.indexOf("fingerprint");
const BODY = OBSERVATION_COLUMNS.indexOf("body");
const PUBLISHER = OBSERVATION_COLUMNS.indexOf("publisher");
const URL_ = OBSERVATION_COLUMNS.indexOf("url");
const LANG = OBSERVATION_COLUMNS.indexOf("lang");

/**
 * A chunk's rows as they are written. Observations get the bodies and fingerprints the planner left to the
 * writer (a body given as its values, see observation-body.ts, or as where it is in the file's `bytes`, see
 * canonical-line.ts; a null fingerprint), in place. Events become
 * flat rows in EVENT_COLUMNS order: a `deal_added` (one number in `events`, see Plan) is written out from the
 * observation row it names, fingerprint included.
 */
export function chunkRows(
  chunk: Pick<Plan, "events" | "observations" | "recordedAt">,
  file: FileBytes | null,
): {
  events: unknown[];
  observations: unknown[];
} {
  // Two loops in two functions: V8 optimises each whole, instead of a loop whose code after it has never run.
  fillObservations(chunk.observations, file);
  return { events: eventRows(chunk.events, chunk.observations, chunk.recordedAt), observations: chunk.observations };
}

/** A chunk's events of one kind in a row: `deal_added` ones in ADDED_EVENT_COLUMNS order, others in EVENT_COLUMNS. */
export interface EventRun {
  added: boolean;
  values: unknown[];
}

/**
 * A chunk's rows as SQLite writes them: like `chunkRows`, but its events as runs (see addedEventsStatement), in
 * order.
 */
export function chunkRuns(
  chunk: Pick<Plan, "events" | "observations">,
  file: FileBytes | null,
): { events: EventRun[]; observations: unknown[] } {
  fillObservations(chunk.observations, file);
  return { events: eventRuns(chunk.events, chunk.observations), observations: chunk.observations };
}

/**
 * The bytes of the file being imported (ImportData.bytes), where bodies the planner leaves to the writer may be.
 * `owned`: the writer may take bodies as runs of these bytes (`bodyBytes`, SQLite only): true for the writer
 * thread, which has its own copy or the import's shared one, never a caller's.
 */
export interface FileBytes {
  bytes: Buffer;
  owned: boolean;
}

function fillObservations(obs: unknown[], file: FileBytes | null): void {
  for (let i = 0; i < obs.length; i += OBSERVATION_COLUMNS.length) {
    let body = obs[i + BODY];
    if (typeof body === "number") {
      if (!file) throw new Error("an observation's body is in its file, but the file's bytes were not given");
      body = file.owned ? bodyBytes(file.bytes, body) : bodyAt(file.bytes, body);
      obs[i + BODY] = body;
    } else if (typeof body !== "string") {
      body = bodyFrom(
        obs[i + DEAL_ID] as string,
        obs[i + OBSERVED_ON] as string,
        body as BodyValues,
        obs[i + PUBLISHER] as string | null,
        obs[i + URL_] as string | null,
        obs[i + LANG] as string | null,
      );
      obs[i + BODY] = body;
    }
    if (obs[i + FINGERPRINT] === null) obs[i + FINGERPRINT] = fingerprintOf(body as string | Buffer);
  }
}

function eventRows(events: readonly unknown[], obs: readonly unknown[], recordedAt: string): unknown[] {
  const rows: unknown[] = [];
  for (let i = 0; i < events.length; ) {
    const v = events[i];
    if (typeof v === "number") {
      const at = v * OBSERVATION_COLUMNS.length;
      rows.push("deal_added", obs[at + DEAL_ID], obs[at + OBSERVED_ON], null, null, recordedAt, obs[at + FINGERPRINT]);
      i++;
    } else {
      for (let end = i + EVENT_COLUMNS.length; i < end; i++) rows.push(events[i]);
    }
  }
  return rows;
}

function eventRuns(events: readonly unknown[], obs: readonly unknown[]): EventRun[] {
  const runs: EventRun[] = [];
  for (let i = 0; i < events.length; ) {
    const v = events[i];
    const added = typeof v === "number";
    let run = runs[runs.length - 1];
    if (run?.added !== added) {
      run = { added, values: [] };
      runs.push(run);
    }
    if (typeof v === "number") {
      const at = v * OBSERVATION_COLUMNS.length;
      run.values.push(obs[at + DEAL_ID], obs[at + OBSERVED_ON], obs[at + FINGERPRINT]);
      i++;
    } else {
      for (let end = i + EVENT_COLUMNS.length; i < end; i++) run.values.push(events[i]);
    }
  }
  return runs;
}

/** Appends a deal row's values, in DEAL_COLUMNS order. */
export function pushDealValues(out: unknown[], r: DealRow): unknown[] {
  out.push(
    r.id,
    r.kind,
    r.from_id ?? null,
    r.to_id,
    r.round_id ?? null,
    r.amount_value ?? null,
    r.amount_currency ?? null,
    r.amount_qualifier ?? null,
    r.amount_max ?? null,
    r.status,
    r.terms ?? null,
    r.title_en ?? null,
    r.title_ko ?? null,
    r.observed_on,
    r.first_observed_on,
    r.updated_seq,
  );
  return out;
}

export type ImportStatements = ReturnType<typeof importStatements>;
export type LookupStatements = ReturnType<typeof lookupStatements>;
