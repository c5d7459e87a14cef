/** The delivery outbox: one row per outgoing digest, alert or notice, written before it is sent. */
import type { Generated } from "kysely";

export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "paused";
export type OutboxKind = "digest" | "alert" | "notice";

export interface OutboxTable {
  id: Generated<number>;
  /** Idempotency key, unique: `digest:{channel}:{window}`, `alert:{subscription}:{event}`. */
  key: string;
  /** Channel key `platform:id`. */
  channel: string;
  kind: OutboxKind;
  /** The message body in `outbox_messages`: a fan-out stores one body, and status updates stay small rows. */
  message_hash: string;
  /** Rows sharing a thread key in a channel post as replies to the first one sent. */
  thread_key: string | null;
  /** 1 = a thread reply is also shown in the channel (Slack reply_broadcast). */
  broadcast: number;
  /** Highest event seq a digest covers; the channel watermark moves here once the send is confirmed. */
  watermark_seq: number | null;
  status: OutboxStatus;
  attempts: number;
  /** Epoch milliseconds before which a pending row is not tried again. */
  next_attempt_at: number;
  /** Who holds the row while it is `sending`, and until when (epoch ms). */
  lease_owner: string | null;
  lease_until: number | null;
  /** 1 = the last attempt may have reached the platform: look before sending again. */
  uncertain: number;
  /** Platform messages already confirmed (a long message renders to several). */
  parts_sent: number;
  /** JSON array of platform refs (Slack ts, Discord message id), one per confirmed part. */
  refs: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** Message bodies by content hash: JSON of the NeutralMessage (attachment bytes as base64). */
export interface OutboxMessagesTable {
  hash: string;
  message: string;
}

export interface OutboxTables {
  outbox: OutboxTable;
  outbox_messages: OutboxMessagesTable;
}
