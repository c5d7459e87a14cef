/** The delivery outbox (see schema-outbox.ts). */
import type { Kysely } from "kysely";
import { dialectOf } from "./001-core.js";

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === "postgres";
  await db.schema
    .createTable("outbox_messages")
    .addColumn("hash", "text", (c) => c.primaryKey())
    .addColumn("message", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("outbox")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("message_hash", "text", (c) => c.notNull())
    .addColumn("thread_key", "text")
    .addColumn("broadcast", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("watermark_seq", "bigint")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("lease_owner", "text")
    .addColumn("lease_until", "bigint")
    .addColumn("uncertain", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("parts_sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("refs", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  // The head of each channel's queue is found through (channel, id); due rows through (status, next_attempt_at).
  await db.schema.createIndex("outbox_channel_id").on("outbox").columns(["channel", "id"]).execute();
  await db.schema.createIndex("outbox_status_due").on("outbox").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("outbox_thread").on("outbox").columns(["channel", "thread_key"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbox").ifExists().execute();
  await db.schema.dropTable("outbox_messages").ifExists().execute();
}
