/**
 * The queue's hot writes for many rows in one statement: claiming, recording confirmed parts, marking
 * sent. Each keeps the single-row rules of `queue.ts` — a claim re-checks claimability, a settle only
 * touches rows this owner still holds — and reports per row whether it took effect.
 */
import { type SqlBool, sql } from "kysely";
import { channelPlatform } from "../store/channel-repository.js";
import type { Db, OutboxRow } from "./outbox.js";
import { rowFromDb } from "./outbox.js";
import { ACTIVE, isChannelHead } from "./queue.js";

/** Pending and past `next_attempt_at`, or `sending` with an expired lease (rows of `table`, or of its alias). */
function claimable(now: number, table = "outbox") {
  const col = (c: string) => sql.ref(`${table}.${c}`);
  return sql<SqlBool>`((${col("status")} = 'pending' and ${col("next_attempt_at")} <= ${now})
    or (${col("status")} = 'sending' and ${col("lease_until")} < ${now}))`;
}

/** The claim's SET: rows taken over from an expired lease come back uncertain (their last part may be out). */
function claimSet(owner: string, now: number, leaseMs: number) {
  return {
    status: "sending" as const,
    lease_owner: owner,
    lease_until: now + leaseMs,
    uncertain: sql<number>`case when status = 'sending' then 1 else uncertain end`,
    updated_at: new Date(now).toISOString(),
  };
}

/** Claims these rows for `owner` where they are still claimable; returns the rows claimed, by id. */
export async function claimMany(
  db: Db,
  ids: number[],
  owner: string,
  now: number,
  leaseMs: number,
): Promise<OutboxRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable("outbox")
    .set(claimSet(owner, now, leaseMs))
    .where("id", "in", ids)
    .where(claimable(now))
    .returningAll()
    .execute();
  return rows.map(rowFromDb).sort((a, b) => a.id - b.id);
}

/**
 * Claims up to `limit` rows that head their channel's queue and are due, oldest first, leaving out
 * `excludeChannels` (ones this process is already working on). The due heads are read first: on SQLite an
 * UPDATE takes the write lock even when it matches nothing, and a poll with nothing due must not wait
 * behind an import that holds it.
 */
export async function claimDueHeads(
  db: Db,
  owner: string,
  now: number,
  leaseMs: number,
  limit: number,
  excludeChannels: ReadonlySet<string> = new Set(),
): Promise<OutboxRow[]> {
  let heads = db
    .selectFrom("outbox as o")
    .select("o.id")
    .where("o.status", "in", ACTIVE)
    .where(isChannelHead)
    .where(claimable(now, "o"));
  if (excludeChannels.size > 0) heads = heads.where("o.channel", "not in", [...excludeChannels]);
  const ids = (await heads.orderBy("o.id").limit(limit).execute()).map((r) => Number(r.id));
  return claimMany(db, ids, owner, now, leaseMs);
}

/**
 * Claims the head of each channel's queue (its oldest pending or sending row) where that head is due.
 * One statement for all channels; a channel whose head is not due, or held by another process, gets none.
 */
export async function claimHeadsOf(
  db: Db,
  channels: string[],
  owner: string,
  now: number,
  leaseMs: number,
): Promise<Map<string, OutboxRow>> {
  const out = new Map<string, OutboxRow>();
  if (channels.length === 0) return out;
  const rows = await db
    .updateTable("outbox")
    .set(claimSet(owner, now, leaseMs))
    .where("id", "in", (eb) =>
      eb
        .selectFrom("outbox as o")
        .select("o.id")
        .where("o.channel", "in", channels)
        .where("o.status", "in", ACTIVE)
        .where(isChannelHead),
    )
    .where(claimable(now))
    .returningAll()
    .execute();
  for (const r of rows) out.set(r.channel, rowFromDb(r));
  return out;
}

export interface PartsSettle {
  row: OutboxRow;
  /** Platform refs of every part confirmed so far. */
  refs: string[];
  leaseUntil: number;
}

/**
 * Each item's own values as a table to join on: `(values (id, parts_sent, refs[, lease_until]), …) as v`,
 * its columns `v.column1`… (the default names in SQLite and PostgreSQL), every value cast so PostgreSQL
 * types the parameters. Unlike one `CASE id WHEN …` per column, this costs the same per row at any size.
 */
function settleValues(items: { row: OutboxRow; refs: string[]; leaseUntil?: number }[], withLease: boolean) {
  const rows = items.map((it) => {
    const cells = [
      sql`cast(${it.row.id} as bigint)`,
      sql`cast(${it.refs.length} as integer)`,
      sql`cast(${JSON.stringify(it.refs)} as text)`,
    ];
    if (withLease) cells.push(sql`cast(${it.leaseUntil ?? 0} as bigint)`);
    return sql`(${sql.join(cells)})`;
  });
  return sql`(values ${sql.join(rows)}) as v`;
}

/** Parts confirmed by the platform, for rows this owner holds; returns the ids updated. */
export async function recordPartsMany(db: Db, owner: string, items: PartsSettle[]): Promise<Set<number>> {
  if (items.length === 0) return new Set();
  const res = await sql<{ id: number | string }>`
    update outbox
    set parts_sent = v.column2, refs = v.column3, lease_until = v.column4, uncertain = 0,
      updated_at = ${new Date().toISOString()}
    from ${settleValues(items, true)}
    where outbox.id = v.column1 and outbox.status = 'sending' and outbox.lease_owner = ${owner}
    returning outbox.id`.execute(db);
  return new Set(res.rows.map((r) => Number(r.id)));
}

/**
 * Rows whose every part the platform confirmed: marked sent and, for digests, their channels' watermarks
 * moved — all in one transaction, so a watermark never moves without its row and never the other way.
 */
export async function markSentMany(
  db: Db,
  owner: string,
  items: Omit<PartsSettle, "leaseUntil">[],
): Promise<Set<number>> {
  if (items.length === 0) return new Set();
  const run = async (tx: Db) => {
    const now = new Date().toISOString();
    const res = await sql<{ id: number | string }>`
      update outbox
      set status = 'sent', parts_sent = v.column2, refs = v.column3, uncertain = 0, lease_owner = null,
        lease_until = null, last_error = null, sent_at = ${now}, updated_at = ${now}
      from ${settleValues(items, false)}
      where outbox.id = v.column1 and outbox.status = 'sending' and outbox.lease_owner = ${owner}
      returning outbox.id`.execute(tx);
    const sent = new Set(res.rows.map((r) => Number(r.id)));
    const marks = new Map<string, number>();
    for (const { row } of items) {
      if (!sent.has(row.id) || row.kind !== "digest" || row.watermarkSeq === null) continue;
      marks.set(row.channel, Math.max(marks.get(row.channel) ?? 0, row.watermarkSeq));
    }
    if (marks.size > 0) await advanceWatermarks(tx, marks, now);
    return sent;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Moves channel watermarks forward (never back), one statement for many channels — the batched form of
 * `advanceWatermark` in the channel repository. Channels are written in key order so two replicas
 * settling overlapping channels lock them in the same order.
 */
async function advanceWatermarks(db: Db, marks: Map<string, number>, now: string): Promise<void> {
  const values = [...marks]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, seq]) => ({ key, platform: channelPlatform(key), watermark_seq: seq, updated_at: now }));
  await db
    .insertInto("channels")
    .values(values)
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet((eb) => ({ watermark_seq: eb.ref("excluded.watermark_seq") }))
        .where("channels.watermark_seq", "<", (eb) => eb.ref("excluded.watermark_seq")),
    )
    .execute();
}
