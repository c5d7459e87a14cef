/**
 * Claiming and settling outbox rows. Claims are conditional updates with a lease, so several processes on
 * PostgreSQL (row locks re-check the condition) or SQLite (one writer) never hold the same row, and a row
 * whose holder died is taken over once its lease runs out — marked uncertain, so it is looked for, not resent.
 */
import { type SqlBool, sql } from "kysely";
import type { Db, OutboxRow, OutboxStatus } from "./outbox.js";

export const ACTIVE: OutboxStatus[] = ["pending", "sending"];

/**
 * Rows aliased `o` that are the oldest active row of their channel: each channel is sent in order,
 * so only its head may be claimed.
 */
export const isChannelHead = sql<SqlBool>`not exists (
  select 1 from outbox p
  where p.channel = o.channel and p.status in ('pending', 'sending') and p.id < o.id
)`;

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
