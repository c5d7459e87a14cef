/**
 * The SQLite import writer, run in a worker thread: its own connection to the store's file executes an
 * import's writes in one IMMEDIATE transaction while the main thread plans the next chunk. Requests are
 * handled strictly in order; a failed write fails the rest of the import, reported at `commit`.
 */
import { parentPort, workerData } from "node:worker_threads";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { companyIdsByKey, upsertCompanies } from "../store/company-repository.js";
import { upsertFxRates } from "../store/fx-repository.js";
import type { Database } from "../store/schema.js";
import { sqliteBackend } from "./sqlite-backend.js";
import type { WriterReply, WriterRequest } from "./writer-protocol.js";

/** Page cache of the writer's connection (negative = KiB): a large transaction spills to the WAL less. */
const CACHE_KIB = -65536;

const port = parentPort;
if (!port) throw new Error("writer-thread runs as a worker thread");

const sqlite = new SqliteDatabase((workerData as { path: string }).path);
sqlite.pragma("busy_timeout = 10000");
sqlite.pragma("synchronous = NORMAL");
// References were checked before the import began (companies) or are written in it (deals).
sqlite.pragma("foreign_keys = OFF");
sqlite.pragma(`cache_size = ${CACHE_KIB}`);
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
const backend = sqliteBackend(db, sqlite);

/** The first write error of the current import; everything after it is skipped. */
let failure: string | null = null;
/** The last observation id when this thread's last import committed; null when it did not. */
let committedAt: number | null = null;
/** An import planned ahead was found stale: its requests are dropped up to its `commit`. */
let discarding = false;
/** The current import was planned ahead: the deals it takes to be new are checked as they are inserted. */
let plannedAhead = false;

const lastObservationId = () =>
  (sqlite.prepare("select coalesce(max(id), 0) as id from observations").get() as { id: number }).id;

function nextSeq(): number {
  const row = sqlite
    .prepare(
      "select max(coalesce((select seq from sqlite_sequence where name = 'events'), 0), coalesce((select max(seq) from events), 0)) as seq",
    )
    .get() as { seq: number };
  return row.seq + 1;
}

async function handle(req: WriterRequest): Promise<WriterReply | null> {
  switch (req.type) {
    case "begin": {
      failure = null;
      sqlite.exec("begin immediate");
      const seq = nextSeq();
      // A plan made ahead holds if nothing changed since the import before committed (every change to a deal
      // comes with a new observation, and no writer removes any, so the same last observation id tells), and
      // if the deals it took to be new are not stored: that is checked when they are inserted (see `deals`),
      // which fails on a stored one anyway, instead of looking each up now.
      if (req.ahead && (committedAt !== lastObservationId() || seq !== req.ahead.firstSeq)) {
        sqlite.exec("rollback");
        discarding = true;
        return {
          type: "begun",
          companies: { added: 0, updated: 0 },
          fx: 0,
          known: [],
          nextSeq: seq,
          stale: true,
        };
      }
      plannedAhead = req.ahead !== null;
      // A plan made ahead sends no ids: nothing is read.
      const known = backend.storedFingerprints(req.ids);
      // A Buffer again (messages carry typed arrays as plain Uint8Arrays): shared with the importer when it read the
      // file into shared memory, else this thread's own copy.
      backend.useFile(
        req.bytes
          ? { bytes: Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength), owned: true }
          : null,
      );
      const companies = await upsertCompanies(db, "sqlite", req.companies);
      const fx = await upsertFxRates(db, req.fx);
      return { type: "begun", companies, fx, known, nextSeq: seq, stale: false };
    }
    case "rows":
      return { type: "rows", stored: backend.loadRows(req.ids) };
    case "companyKeys": {
      const found = await companyIdsByKey(db, "sqlite", req.keys);
      return { type: "companyKeys", ids: req.keys.map((k) => found.get(k) ?? null) };
    }
    case "chunk": {
      if (failure === null && !discarding) {
        const seqs = backend.writeChunk(req);
        if (seqs.length > 0 && seqs[0] !== req.firstSeq)
          failure = `event sequence moved under the import (expected ${req.firstSeq}, got ${seqs[0]})`;
      }
      return { type: "written" };
    }
    case "deals":
      if (failure === null && !discarding) {
        try {
          backend.writeDeals(req);
        } catch (err) {
          // A deal the plan made ahead took to be new is stored after all: the plan does not hold.
          if (!plannedAhead || (err as { code?: unknown }).code !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw err;
          sqlite.exec("rollback");
          discarding = true;
        }
      }
      return null;
    case "commit":
      // The file's bytes are done with, whether the import commits or not.
      backend.useFile(null);
      committedAt = null;
      if (discarding) {
        discarding = false;
        return { type: "discarded" };
      }
      if (failure !== null) {
        if (sqlite.inTransaction) sqlite.exec("rollback");
        return { type: "failed", message: failure };
      }
      sqlite.exec("commit");
      committedAt = lastObservationId();
      return { type: "committed" };
    case "rollback":
      backend.useFile(null);
      committedAt = null;
      discarding = false;
      if (sqlite.inTransaction) sqlite.exec("rollback");
      return { type: "rolledBack" };
    case "close":
      await db.destroy();
      return { type: "closed" };
  }
}

let queue: Promise<void> = Promise.resolve();
port.on("message", (req: WriterRequest) => {
  queue = queue.then(async () => {
    let reply: WriterReply | null;
    try {
      reply = await handle(req);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failure ??= message;
      // A request that expects an answer gets the error now; a chunk's shows at commit.
      reply = req.type === "chunk" ? { type: "written" } : req.type === "deals" ? null : { type: "failed", message };
      if ((req.type === "begin" || req.type === "commit") && sqlite.inTransaction) sqlite.exec("rollback");
    }
    if (reply) port.postMessage(reply);
  });
});
