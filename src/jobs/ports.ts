/** What the jobs need from their neighbours, named once so the wiring and the tests pass the same shapes. */
import type { Kysely, Transaction } from "kysely";
import type { NeutralMessage } from "../briefing/message.js";
import type { Database } from "../store/schema.js";

export type Db = Kysely<Database> | Transaction<Database>;

/** An outgoing message as the outbox takes it (ARCHITECTURE.md, Outbox). */
export interface OutboxItem {
  key: string;
  channel: string;
  kind: "digest" | "alert" | "notice";
  message: NeutralMessage;
  threadKey?: string;
  broadcast?: boolean;
  /** For digests: the seq the channel's watermark moves to once the send is confirmed. */
  watermarkSeq?: number;
}

/** Inserts once per `key`; a second call with the same key changes nothing. */
export type EnqueueFn = (db: Db, item: OutboxItem) => Promise<unknown>;

/** Wakes the dispatcher after new outbox rows were committed. */
export interface DispatcherLike {
  notify(): void;
}

export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
