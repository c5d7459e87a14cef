/**
 * Claiming and settling outbox rows. Claims are conditional updates with a lease, so several processes on
 * PostgreSQL (row locks re-check the condition) or SQLite (one writer) never hold the same row, and a row
 * whose holder died is taken over once its lease runs out — marked uncertain, so it is looked for, not resent.
 */
import { sql } from "kysely";
import { advanceWatermark } from "../store/channel-repository.js";
import type { Db, OutboxRow, OutboxStatus } from "./outbox.js";
import { rowFromDb } from "./outbox.js";

const ACTIVE: OutboxStatus[] = ["pending", "sending"];

/**
 * Rows at the head of their channel's queue that are due now: pending and past `next_attempt_at`,
 * or `sending` with an expired lease. Each channel is sent in order, so only its oldest active row counts.
 */
export async function dueHeads(
  db: Db,
  now: number,
  limit: number,
  excludeChannels: ReadonlySet<string> = new Set(),
): Promise<OutboxRow[]> {
  let q = db
    .selectFrom("outbox as o")
    .selectAll("o")
    .where("o.status", "in", ACTIVE)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("outbox as p")
            .select(sql<number>`1`.as("one"))
            .whereRef("p.channel", "=", "o.channel")
            .where("p.status", "in", ACTIVE)
            .whereRef("p.id", "<", "o.id"),
        ),
      ),
    )
    .where((eb) =>
      eb.or([
        eb.and([eb("o.status", "=", "pending"), eb("o.next_attempt_at", "<=", now)]),
        eb.and([eb("o.status", "=", "sending"), eb("o.lease_until", "<", now)]),
      ]),
    );
  if (excludeChannels.size > 0) q = q.where("o.channel", "not in", [...excludeChannels]);
  const rows = await q.orderBy("o.id").limit(limit).execute();
  return rows.map(rowFromDb);
}

/** The next due row of one channel, if its head is due. */
export async function dueHeadOf(db: Db, channel: string, now: number): Promise<OutboxRow | null> {
  const head = await db
    .selectFrom("outbox")
    .selectAll()
    .where("channel", "=", channel)
    .where("status", "in", ACTIVE)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  if (!head) return null;
  const row = rowFromDb(head);
  const due = row.status === "pending" ? row.nextAttemptAt <= now : (row.leaseUntil ?? 0) < now;
  return due ? row : null;
}

/**
 * Takes the row for `owner` until `now + leaseMs`, if it is still claimable. A row taken over from a holder
 * whose lease expired comes back with `uncertain` set: its last part may have reached the platform.
 */
export async function claim(
  db: Db,
  row: OutboxRow,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<OutboxRow | null> {
  const takeover = row.status === "sending";
  const res = await db
    .updateTable("outbox")
    .set({
      status: "sending",
      lease_owner: owner,
      lease_until: now + leaseMs,
      ...(takeover ? { uncertain: 1 } : {}),
      updated_at: new Date(now).toISOString(),
    })
    .where("id", "=", row.id)
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", now)]),
        eb.and([eb("status", "=", "sending"), eb("lease_until", "<", now)]),
      ]),
    )
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return null;
  return {
    ...row,
    status: "sending",
    leaseOwner: owner,
    leaseUntil: now + leaseMs,
    uncertain: row.uncertain || takeover,
  };
}

/** Updates a row this owner holds; false when the lease was lost to another process. */
async function settle(db: Db, row: OutboxRow, owner: string, set: Record<string, unknown>): Promise<boolean> {
  const res = await db
    .updateTable("outbox")
    .set({ ...set, updated_at: new Date().toISOString() })
    .where("id", "=", row.id)
    .where("status", "=", "sending")
    .where("lease_owner", "=", owner)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Before a send: keep the lease for as long as the request may take. */
export function extendLease(db: Db, row: OutboxRow, owner: string, leaseUntil: number): Promise<boolean> {
  return settle(db, row, owner, { lease_until: leaseUntil });
}

/** One part confirmed by the platform. */
export function recordPart(
  db: Db,
  row: OutboxRow,
  owner: string,
  refs: string[],
  leaseUntil: number,
): Promise<boolean> {
  return settle(db, row, owner, {
    parts_sent: refs.length,
    refs: JSON.stringify(refs),
    uncertain: 0,
    lease_until: leaseUntil,
  });
}

/** Every part confirmed: the row is sent and, for a digest, the channel watermark moves — in one transaction. */
export async function markSent(db: Db, row: OutboxRow, owner: string, refs: string[]): Promise<boolean> {
  const run = async (tx: Db) => {
    const ok = await settle(tx, row, owner, {
      status: "sent",
      parts_sent: refs.length,
      refs: JSON.stringify(refs),
      uncertain: 0,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      sent_at: new Date().toISOString(),
    });
    if (ok && row.kind === "digest" && row.watermarkSeq !== null)
      await advanceWatermark(tx, row.channel, row.watermarkSeq);
    return ok;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** A failed attempt: wait in place (still held, lease past the wait) or hand the row back to the queue. */
export function recordFailure(
  db: Db,
  row: OutboxRow,
  owner: string,
  f: { error: string; attempts: number; uncertain: boolean; nextAttemptAt: number; release: boolean; leaseMs: number },
): Promise<boolean> {
  return settle(db, row, owner, {
    attempts: f.attempts,
    last_error: f.error.slice(0, 1000),
    uncertain: f.uncertain ? 1 : 0,
    next_attempt_at: f.nextAttemptAt,
    ...(f.release
      ? { status: "pending", lease_owner: null, lease_until: null }
      : { lease_until: f.nextAttemptAt + f.leaseMs }),
  });
}

/** Parked after the retry budget (`failed`) or because the channel cannot be reached (`paused`). */
export function park(
  db: Db,
  row: OutboxRow,
  owner: string,
  status: "failed" | "paused",
  error: string,
  attempts = row.attempts,
): Promise<boolean> {
  return settle(db, row, owner, {
    status,
    attempts,
    last_error: error.slice(0, 1000),
    lease_owner: null,
    lease_until: null,
  });
}

/** Hands a held row back without counting an attempt (on stop). */
export function release(db: Db, row: OutboxRow, owner: string): Promise<boolean> {
  return settle(db, row, owner, { status: "pending", lease_owner: null, lease_until: null });
}

/** Parks every other queued row of a channel that can no longer be reached. */
export async function pauseQueued(db: Db, channel: string, reason: string): Promise<number> {
  const res = await db
    .updateTable("outbox")
    .set({ status: "paused", last_error: reason, updated_at: new Date().toISOString() })
    .where("channel", "=", channel)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The platform ref of the first sent message with this thread key in this channel. */
export async function threadRoot(db: Db, channel: string, threadKey: string, beforeId: number): Promise<string | null> {
  const r = await db
    .selectFrom("outbox")
    .select("refs")
    .where("channel", "=", channel)
    .where("thread_key", "=", threadKey)
    .where("status", "=", "sent")
    .where("id", "<", beforeId)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return r ? ((JSON.parse(r.refs) as string[])[0] ?? null) : null;
}
