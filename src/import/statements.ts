/**
 * Statements for the importer's hot path: each built and compiled once by Kysely (so both dialects get
 * their own SQL from one definition), then executed many times with new parameters.
 */
import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import type { DealsTable, EventsTable, ObservationsTable } from "../store/schema-core.js";

/** Compiled SQL plus where each parameter comes from: [row index, column]. */
export interface Template {
  compiled: CompiledQuery;
  slots: [number, string][];
}

const MARK = "\u0000slot\u0000";

/** Compiles `build(rows)` where every value is a marker, then records which row/column each parameter is. */
function template<R>(n: number, columns: readonly (keyof R & string)[], build: (rows: R[]) => Compilable): Template {
  const rows = Array.from(
    { length: n },
    (_, i) => Object.fromEntries(columns.map((c) => [c, `${MARK}${i}\u0000${c}`])) as R,
  );
  const compiled = build(rows).compile();
  const slots = compiled.parameters.map((p): [number, string] => {
    if (typeof p !== "string" || !p.startsWith(MARK))
      throw new Error(`unexpected constant parameter in ${compiled.sql}`);
    const [i, c] = p.slice(MARK.length).split("\u0000");
    return [Number(i), c as string];
  });
  return { compiled, slots };
}

/** Parameters of a template for these rows (row count must match the template's). */
export function bind(t: Template, rows: readonly object[]): unknown[] {
  const out = new Array<unknown>(t.slots.length);
  for (let k = 0; k < t.slots.length; k++) {
    const [i, c] = t.slots[k] as [number, string];
    const v = (rows[i] as Record<string, unknown>)[c];
    out[k] = v === undefined ? null : v;
  }
  return out;
}

export type EventInsert = Omit<EventsTable, "seq">;
export type ObservationInsert = Omit<ObservationsTable, "id">;
export type DealRow = DealsTable;

export const EVENT_COLUMNS = ["type", "deal_id", "observed_on", "old_json", "new_json", "recorded_at"] as const;
export const OBSERVATION_COLUMNS = ["deal_id", "observed_on", "fingerprint", "body", "publisher", "url", "lang"] as const;
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
 * The importer's statements for `n` rows at a time. With `returning`, event inserts return their seqs
 * (PostgreSQL); without, the caller derives them from the last insert rowid (SQLite, under its write lock).
 */
export function importStatements(db: Kysely<Database>, n: number, returning: boolean) {
  return {
    insertEvents: template<EventInsert>(n, EVENT_COLUMNS, (rows) =>
      returning ? db.insertInto("events").values(rows).returning("seq") : db.insertInto("events").values(rows),
    ),
    insertObservations: template<ObservationInsert>(n, OBSERVATION_COLUMNS, (rows) =>
      db
        .insertInto("observations")
        .values(rows)
        .onConflict((oc) => oc.columns(["deal_id", "fingerprint"]).doNothing()),
    ),
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

/** Look-ups of the current state of `n` deals at a time. */
export function lookupStatements(db: Kysely<Database>, n: number) {
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
  return {
    deals: template<{ id: string }>(n, ["id"], (rows) =>
      db.selectFrom("deals").selectAll().where("id", "in", ids(rows)),
    ),
    /** Fingerprints and the sources kept, of the deals' observations. */
    observations: template<{ id: string }>(n, ["id"], (rows) =>
      db
        .selectFrom("observations")
        .select(["deal_id", "fingerprint", "publisher", "url", "observed_on"])
        .where("deal_id", "in", ids(rows)),
    ),
  };
}

export type ImportStatements = ReturnType<typeof importStatements>;
export type LookupStatements = ReturnType<typeof lookupStatements>;
