/**
 * The outbox: every outgoing digest, alert or notice is written here, under its idempotency key,
 * before anything is sent. A second enqueue of the same key changes nothing.
 */
import { createHash } from "node:crypto";
import type { Kysely, Selectable, Transaction } from "kysely";
import { z } from "zod";
import type { NeutralMessage } from "../briefing/message.js";
import type { Database } from "../store/schema.js";
import type { OutboxKind, OutboxStatus, OutboxTable } from "../store/schema-outbox.js";

export type Db = Kysely<Database> | Transaction<Database>;
export type { OutboxKind, OutboxStatus };

export interface EnqueueInput {
  key: string;
  /** Channel key `platform:id`. */
  channel: string;
  kind: OutboxKind;
  message: NeutralMessage;
  threadKey?: string;
  broadcast?: boolean;
  watermarkSeq?: number;
}

const enqueueSchema = z.object({
  key: z.string().min(1).max(500),
  channel: z.string().regex(/^(slack|discord|console):[^\s:]+$/, "a channel key like slack:C123"),
  kind: z.enum(["digest", "alert", "notice"]),
  threadKey: z.string().min(1).optional(),
  broadcast: z.boolean().optional(),
  watermarkSeq: z.number().int().nonnegative().optional(),
});

/** A row as the dispatcher and the CLI see it. */
export interface OutboxRow {
  id: number;
  key: string;
  channel: string;
  kind: OutboxKind;
  /** Content hash of the message body (`loadMessage`); equal across a fan-out. */
  messageHash: string;
  threadKey: string | null;
  broadcast: boolean;
  watermarkSeq: number | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  uncertain: boolean;
  partsSent: number;
  refs: string[];
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export function serializeMessage(message: NeutralMessage): string {
  return JSON.stringify(message, (_k, v: unknown) =>
    v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString("base64") } : v,
  );
}

export function parseMessage(text: string): NeutralMessage {
  return JSON.parse(text, (_k, v: unknown) =>
    v && typeof v === "object" && "$bytes" in v && typeof (v as { $bytes: unknown }).$bytes === "string"
      ? new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, "base64"))
      : v,
  ) as NeutralMessage;
}

export function rowFromDb(r: Selectable<OutboxTable>): OutboxRow {
  return {
    id: Number(r.id),
    key: r.key,
    channel: r.channel,
    kind: r.kind,
    messageHash: r.message_hash,
    threadKey: r.thread_key,
    broadcast: r.broadcast === 1,
    watermarkSeq: r.watermark_seq === null ? null : Number(r.watermark_seq),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: Number(r.next_attempt_at),
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    uncertain: r.uncertain === 1,
    partsSent: r.parts_sent,
    refs: JSON.parse(r.refs) as string[],
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** Writes the message once per key. Returns true when this call inserted it, false when the key was already there. */
export async function enqueue(db: Db, input: EnqueueInput): Promise<boolean> {
  const v = enqueueSchema.parse(input);
  const now = new Date().toISOString();
  const body = serializeMessage(input.message);
  const hash = createHash("sha256").update(body).digest("base64url");
  await db
    .insertInto("outbox_messages")
    .values({ hash, message: body })
    .onConflict((oc) => oc.column("hash").doNothing())
    .execute();
  const res = await db
    .insertInto("outbox")
    .values({
      key: v.key,
      channel: v.channel,
      kind: v.kind,
      message_hash: hash,
      thread_key: v.threadKey ?? null,
      broadcast: v.broadcast ? 1 : 0,
      watermark_seq: v.watermarkSeq ?? null,
      status: "pending",
      attempts: 0,
      next_attempt_at: 0,
      uncertain: 0,
      parts_sent: 0,
      refs: "[]",
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column("key").doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
}

const bodies = new Map<string, NeutralMessage>();

/** The message body of a row (bodies never change, so they are cached). */
export async function loadMessage(db: Db, hash: string): Promise<NeutralMessage> {
  const cached = bodies.get(hash);
  if (cached) return cached;
  const r = await db.selectFrom("outbox_messages").select("message").where("hash", "=", hash).executeTakeFirstOrThrow();
  const message = parseMessage(r.message);
  if (bodies.size >= 64) bodies.delete(bodies.keys().next().value as string);
  bodies.set(hash, message);
  return message;
}

export async function getOutboxRow(db: Db, idOrKey: number | string): Promise<OutboxRow | null> {
  const q = db.selectFrom("outbox").selectAll();
  const r = await (typeof idOrKey === "number"
    ? q.where("id", "=", idOrKey)
    : q.where("key", "=", idOrKey)
  ).executeTakeFirst();
  return r ? rowFromDb(r) : null;
}

export async function listOutbox(
  db: Db,
  filter: { status?: OutboxStatus; channel?: string } = {},
): Promise<OutboxRow[]> {
  let q = db.selectFrom("outbox").selectAll().orderBy("id");
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.channel) q = q.where("channel", "=", filter.channel);
  return (await q.execute()).map(rowFromDb);
}

/**
 * Puts parked rows back in the queue: one row by id, or every `failed` row. Paused rows are re-queued only
 * by id (their channel was unreachable). Returns the ids re-queued.
 */
export async function requeue(db: Db, id?: number): Promise<number[]> {
  const now = new Date().toISOString();
  let q = db
    .updateTable("outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: 0, lease_owner: null, lease_until: null, updated_at: now });
  q =
    id === undefined
      ? q.where("status", "=", "failed")
      : q.where("id", "=", id).where("status", "in", ["failed", "paused"]);
  const rows = await q.returning("id").execute();
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
