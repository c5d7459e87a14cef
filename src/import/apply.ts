/**
 * `applyImport`: writes validated import data in one transaction. Idempotent (known observations are
 * skipped by fingerprint) and order-safe (observations applied in observed_on order; older ones only
 * join the history). Writers are serialised so sequence numbers become visible in order.
 */
import { type Kysely, sql } from "kysely";
import { upsertCompanies } from "../store/company-repository.js";
import { rawHandle, type Store } from "../store/db.js";
import { upsertFxRates } from "../store/fx-repository.js";
import type { Database } from "../store/schema.js";
import { pgBackend } from "./pg-backend.js";
import { type Plan, planImport } from "./plan.js";
import { sqliteBackend } from "./sqlite-backend.js";
import type { ImportData, ImportSummary } from "./types.js";

/** SQLite page cache during an import: 256 MiB (negative = KiB), restored afterwards. */
const IMPORT_CACHE_KIB = -262144;

export async function applyImport(store: Store, data: ImportData): Promise<ImportSummary> {
  const recordedAt = new Date().toISOString();
  const ids = [...new Set(data.observations.map((o) => o.deal))];

  const summarise = (companies: ImportSummary["companies"], fx: number, plan: Plan, seqs: number[]): ImportSummary => ({
    companies,
    fx,
    observations: { new: plan.counts.new, duplicate: plan.counts.duplicate, older: plan.counts.older },
    events: plan.counts.events,
    firstSeq: seqs.length > 0 ? (seqs[0] as number) : null,
    lastSeq: seqs.length > 0 ? (seqs[seqs.length - 1] as number) : null,
  });

  if (store.dialect === "postgres") {
    return store.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('dealgraph:import'))`.execute(trx);
      const companies = await upsertCompanies(trx, data.companies);
      const fx = await upsertFxRates(trx, data.fx);
      const backend = pgBackend(trx);
      const states = await backend.loadStates(ids);
      const plan = planImport(data.observations, states, recordedAt);
      const seqs = await backend.write(plan, states);
      return summarise(companies, fx, plan, seqs);
    });
  }

  const raw = rawHandle(store);
  if (raw?.dialect !== "sqlite") throw new Error("applyImport: this store was not opened by openStore");
  // Hold Kysely's single SQLite connection for the whole import, inside one IMMEDIATE transaction
  // (takes the write lock at once, so a concurrent writer waits on busy_timeout instead of failing mid-way).
  return store.db.connection().execute(async (conn: Kysely<Database>) => {
    // A large transaction that outgrows the page cache spills to the WAL page by page; give it room.
    const cacheSize = raw.sqlite.pragma("cache_size", { simple: true }) as number;
    raw.sqlite.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
    await sql`begin immediate`.execute(conn);
    try {
      const companies = await upsertCompanies(conn, data.companies);
      const fx = await upsertFxRates(conn, data.fx);
      const backend = sqliteBackend(conn, raw.sqlite);
      const states = backend.loadStates(ids);
      const plan = planImport(data.observations, states, recordedAt);
      const seqs = backend.write(plan, states);
      await sql`commit`.execute(conn);
      return summarise(companies, fx, plan, seqs);
    } catch (err) {
      if (raw.sqlite.inTransaction) await sql`rollback`.execute(conn);
      throw err;
    } finally {
      raw.sqlite.pragma(`cache_size = ${cacheSize}`);
    }
  });
}
