/**
 * `applyImport`: writes validated import data in one transaction. Idempotent (known observations are
 * skipped by fingerprint) and order-safe (observations applied in observed_on order; older ones only
 * join the history). Writers are serialised so sequence numbers become visible in order.
 */
import { type Kysely, sql } from "kysely";
import type { EventType, Observation } from "../domain/types.js";
import { upsertCompanies } from "../store/company-repository.js";
import { rawHandle, type Store } from "../store/db.js";
import { upsertFxRates } from "../store/fx-repository.js";
import type { Database } from "../store/schema.js";
import { type ImportWriter, importWriter } from "./import-writer.js";
import { type StoredRows, statesFrom } from "./load-states.js";
import { companiesCheckedIn } from "./parse.js";
import { pgBackend } from "./pg-backend.js";
import {
  applySeqs,
  committedState,
  type DealState,
  dirtyDealBatches,
  dirtyDealParts,
  observedOrder,
  type Plan,
  Planner,
} from "./plan.js";
import { sqliteBackend } from "./sqlite-backend.js";
import { type StoredObservations, storedObservations } from "./stored-observations.js";
import type { ImportData, ImportSummary } from "./types.js";

/** SQLite page cache during an import: 256 MiB (negative = KiB), restored afterwards. */
const IMPORT_CACHE_KIB = -262144;
/**
 * Rows planned before they are handed on to be written, so a large import does not sit in memory whole. Small
 * enough that a chunk's lists stay out of V8's large-object space (where every list is fresh memory the kernel
 * must clear) and the writer starts on each file soon: 2,000 rows imported 1.1M observations faster than
 * 4,000 in 3 alternating pairs, and 4,000 faster than 20,000 in 3.
 */
const CHUNK_ROWS = 2_000;
/**
 * From this many observations a SQLite import writes from its own thread while the next chunk is planned;
 * below it, starting the thread costs more than the overlap saves.
 */
export const WRITER_THREAD_MIN = 20_000;

interface Backend {
  /** Writes a chunk; returns its events' sequence numbers. */
  writeChunk(plan: Plan): number[] | Promise<number[]>;
}

export interface ApplyOptions {
  /** Write from a separate thread (SQLite files only); default: for WRITER_THREAD_MIN observations or more. */
  writerThread?: boolean;
}

/**
 * Plans and writes the observations chunk by chunk; sums up what happened. `known`: the observations found
 * stored already, which are counted as duplicates and not planned.
 */
async function run(data: ImportData, planner: Planner, backend: Backend, known?: StoredObservations) {
  const counts = { new: 0, duplicate: 0, older: 0 };
  const events: Record<EventType, number> = { deal_added: 0, amount_changed: 0, status_changed: 0, source_added: 0 };
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  const flush = async () => {
    const plan = planner.take();
    const seqs = await backend.writeChunk(plan);
    applySeqs(plan, seqs);
    counts.new += plan.counts.new;
    counts.duplicate += plan.counts.duplicate;
    counts.older += plan.counts.older;
    for (const [k, v] of Object.entries(plan.counts.events)) events[k as EventType] += v;
    if (seqs.length > 0) {
      firstSeq ??= seqs[0] as number;
      lastSeq = seqs[seqs.length - 1] as number;
    }
  };
  const { observations, bodies } = data;
  let stored = 0;
  for (const i of observedOrder(observations)) {
    if (known?.stored[i]) {
      stored++;
      continue;
    }
    planner.add(observations[i] as Observation, bodies?.[i] ?? -1, known?.fingerprints[i]);
    if (planner.pending >= CHUNK_ROWS) await flush();
  }
  await flush();
  counts.duplicate += stored;
  return { observations: counts, events, firstSeq, lastSeq };
}

/** Applies `data` in one transaction: all of it or nothing. */
export async function applyImport(store: Store, data: ImportData, opts: ApplyOptions = {}): Promise<ImportSummary> {
  const started = await startImport(store, data, opts);
  await started.committed;
  return started.summary;
}

/** An import handed to the store: its summary is known once it is planned; `committed` settles at commit. */
export interface StartedImport {
  /** Its companies and FX counts are known once `begun` settles. */
  summary: ImportSummary;
  /**
   * Settles at commit: false when the import was planned ahead and a deal it took to be new turned out to be
   * stored, so nothing of it was written and it must be started again, without `ahead`.
   */
  committed: Promise<boolean>;
  /**
   * Settles when the writer has begun the import: false when it was planned ahead and the store changed since
   * the import before committed, so it is discarded and must be started again, without `ahead`.
   */
  begun: Promise<boolean>;
  /**
   * What the next file can be planned against before this one commits, once it has begun: null for an import
   * in process, or one that found deals of its own in the store (the next one likely will too).
   */
  ahead: Promise<Ahead | null>;
}

/**
 * Planning a file ahead, while the writer thread is still writing the one before: the deals that one touched
 * as they will be once it commits, and the seq its next event will get. The file's other deals are taken to
 * be new, as in a bulk import of new deals they are. The writer checks when it begins the file that no other
 * connection wrote observations since the one before committed, and when it inserts the file's new deals that
 * none is stored; if either fails the file is discarded and planned again against the store (see
 * writer-thread.ts).
 */
export interface Ahead {
  states: Map<string, DealState>;
  nextSeq: number;
  /** The import's file, where its bodies may be. */
  bytes: Buffer | undefined;
}

/** The store's writer thread when `data` is written from it (a SQLite file, a large enough import), else null. */
export function writerFor(store: Store, data: ImportData, opts: ApplyOptions = {}): ImportWriter | null {
  const threaded = opts.writerThread ?? data.observations.length >= WRITER_THREAD_MIN;
  return threaded ? importWriter(store) : null;
}

/**
 * Like applyImport, but with the writer thread it returns as soon as every row is handed over, so the
 * caller can read the next file while this one is written. Until `committed` resolves nothing is visible.
 * `ahead`: plan against the import before this one, still being written (threaded imports only).
 */
export async function startImport(
  store: Store,
  data: ImportData,
  opts: ApplyOptions = {},
  ahead: Ahead | null = null,
): Promise<StartedImport> {
  const recordedAt = new Date().toISOString();
  // Repeats are harmless to the look-up (a deal is found once) and cost less than a Set of a million ids.
  const ids = data.observations.map((o) => o.deal);
  if (!companiesCheckedIn(data, store)) await assertCompaniesKnown(store, data);

  const writer = writerFor(store, data, opts);
  if (writer) return startOnWriter(writer, data, ids, recordedAt, ahead);
  return {
    summary: await applyInProcess(store, data, ids, recordedAt),
    committed: Promise.resolve(true),
    begun: Promise.resolve(true),
    ahead: Promise.resolve(null),
  };
}

async function startOnWriter(
  writer: ImportWriter,
  data: ImportData,
  ids: string[],
  recordedAt: string,
  ahead: Ahead | null,
): Promise<StartedImport> {
  const early = ahead ? statesAhead(ids, ahead) : null;
  const begin = writer.request({
    type: "begin",
    companies: data.companies,
    fx: data.fx,
    // Planned ahead: nothing to read; the writer checks the deals taken to be new as it inserts them.
    ids: early ? [] : ids,
    bytes: data.bytes ?? null,
    ahead: early ? { firstSeq: early.nextSeq } : null,
  });
  const counts: Pick<ImportSummary, "companies" | "fx"> = { companies: { added: 0, updated: 0 }, fx: 0 };
  const begun = begin.then((r) => {
    if (r.type !== "begun") throw new Error(`import writer: unexpected reply ${r.type}`);
    counts.companies = r.companies;
    counts.fx = r.fx;
    return r;
  });
  begun.catch(() => undefined); // observed by the caller
  let planned: Map<string, DealState>;
  let nextSeq: number;
  let known: StoredObservations | undefined;
  try {
    if (early) {
      planned = early.states;
      nextSeq = early.nextSeq;
    } else {
      const r = await begun;
      known = storedObservations(data, r.known);
      planned = known.changed.length > 0 ? statesFrom(await storedRows(writer, known.changed)) : new Map();
      nextSeq = r.nextSeq;
    }
    // Under the writer's lock events get consecutive seqs from nextSeq; the writer checks it.
    const backend: Backend = {
      async writeChunk(plan) {
        const seqs = plan.eventDeals.map((_, i) => nextSeq + i);
        await writer.chunk({
          type: "chunk",
          events: plan.events,
          observations: plan.observations,
          recordedAt: plan.recordedAt,
          firstSeq: nextSeq,
        });
        nextSeq += seqs.length;
        return seqs;
      },
    };
    const planner = new Planner(planned, recordedAt, data.canonical === true, data.bytes);
    const result = await run(data, planner, backend, known);
    for (const part of dirtyDealParts(planned)) writer.send({ type: "deals", ...part });
    // A failed commit is rolled back by the writer.
    const committed = writer.request({ type: "commit" }).then((r) => r.type !== "discarded");
    committed.catch(() => undefined); // observed by the caller; never an unhandled rejection meanwhile
    const next: Ahead = { states: planned, nextSeq, bytes: data.bytes };
    const held = begun.then((r) => !r.stale);
    held.catch(() => undefined);
    return {
      // Counts are filled in when the writer begins the import: before it commits.
      summary: Object.assign(counts, result),
      committed,
      begun: held,
      ahead: begun.then(
        (r) => (!r.stale && r.known.length === 0 ? next : null),
        () => null,
      ),
    };
  } catch (err) {
    await writer.request({ type: "rollback" }).catch(() => undefined);
    throw err;
  }
}

/** The stored rows of the deals among `ids`, read by the writer in the import's transaction. */
async function storedRows(writer: ImportWriter, ids: string[]): Promise<StoredRows> {
  const reply = await writer.request({ type: "rows", ids });
  if (reply.type !== "rows") throw new Error(`import writer: unexpected reply ${reply.type}`);
  return reply.stored;
}

/** The states of the deals among `ids` that the import in flight touched, as it leaves them; the rest are taken to be new. */
function statesAhead(ids: string[], ahead: Ahead): { states: Map<string, DealState>; nextSeq: number } {
  const states = new Map<string, DealState>();
  for (const id of ids) {
    const st = ahead.states.get(id);
    if (st && !states.has(id)) states.set(id, committedState(st, ahead.bytes));
  }
  return { states, nextSeq: ahead.nextSeq };
}

async function applyInProcess(
  store: Store,
  data: ImportData,
  ids: string[],
  recordedAt: string,
): Promise<ImportSummary> {
  if (store.dialect === "postgres") {
    return store.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('dealgraph:import'))`.execute(trx);
      const companies = await upsertCompanies(trx, "postgres", data.companies);
      const fx = await upsertFxRates(trx, data.fx);
      const backend = pgBackend(trx, data.bytes ?? null);
      const states = await backend.loadStates(ids);
      const result = await run(data, new Planner(states, recordedAt, data.canonical === true, data.bytes), backend);
      await backend.writeDeals(dirtyDealBatches(states));
      return { companies, fx, ...result };
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
    // References were checked above (companies) or are written in this transaction (deals), so the
    // per-row foreign-key look-ups only cost time; they are back on for everyone else afterwards.
    const foreignKeys = raw.sqlite.pragma("foreign_keys", { simple: true }) as number;
    raw.sqlite.pragma("foreign_keys = OFF");
    await sql`begin immediate`.execute(conn);
    try {
      const companies = await upsertCompanies(conn, "sqlite", data.companies);
      const fx = await upsertFxRates(conn, data.fx);
      const backend = sqliteBackend(conn, raw.sqlite);
      backend.useFile(data.bytes ? { bytes: data.bytes, owned: false } : null);
      const states = backend.loadStates(ids);
      const result = await run(data, new Planner(states, recordedAt, data.canonical === true, data.bytes), backend);
      backend.writeDeals(dirtyDealBatches(states));
      await sql`commit`.execute(conn);
      return { companies, fx, ...result };
    } catch (err) {
      if (raw.sqlite.inTransaction) await sql`rollback`.execute(conn);
      throw err;
    } finally {
      raw.sqlite.pragma(`cache_size = ${cacheSize}`);
      raw.sqlite.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
    }
  });
}

/** Every company an observation names must be in the store or in the data (unless parseImportFile checked it against this store). */
async function assertCompaniesKnown(store: Store, data: ImportData): Promise<void> {
  const named = new Set<string>();
  for (const o of data.observations) {
    if (o.from !== null) named.add(o.from);
    named.add(o.to);
  }
  for (const c of data.companies) named.delete(c.id);
  if (named.size === 0) return;
  const list = [...named];
  for (let i = 0; i < list.length; i += 500) {
    const rows = await store.db
      .selectFrom("companies")
      .select("id")
      .where("id", "in", list.slice(i, i + 500))
      .execute();
    for (const r of rows) named.delete(r.id);
  }
  if (named.size > 0) {
    throw new Error(
      `import ${data.file}: unknown companies ${[...named].slice(0, 10).join(", ")}${named.size > 10 ? ", …" : ""}`,
    );
  }
}
