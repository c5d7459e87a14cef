/** Channels, subscriptions, job state and leases; on PostgreSQL also a NOTIFY on new events. */
import { type Kysely, sql } from "kysely";
import { dialectOf } from "./001-core.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === "postgres";

  await db.schema
    .createTable("channels")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("lang", "text")
    .addColumn("tz", "text")
    .addColumn("digest_time", "text")
    .addColumn("digest_day", "text")
    .addColumn("digest_lang", "text")
    .addColumn("empty_notice", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("digest_set_at", "text")
    .addColumn("paused", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("paused_reason", "text")
    .addColumn("watermark_seq", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("digest_enqueued_seq", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("last_digest_window", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("channels_digest").on("channels").column("digest_time").execute();

  await db.schema
    .createTable("subscriptions")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("company", "text", (c) => c.notNull())
    .addColumn("min_usd", "double precision")
    .addColumn("kinds", "text", (c) => c.notNull())
    .addColumn("exposure_usd", "double precision")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("subscriptions_channel_company", ["channel", "company"])
    .execute();
  await db.schema.createIndex("subscriptions_company").on("subscriptions").column("company").execute();

  await db.schema
    .createTable("job_state")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("job_leases")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("alert_bursts")
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("minute", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("alert_bursts_pk", ["channel", "minute"])
    .execute();

  if (pg) {
    // One notification per inserting statement (not per row), carrying the highest new seq, so a
    // 100k-event import does not queue 100k notifications. Listeners treat it as a wake-up only.
    await sql`
      create or replace function dealgraph_notify_events() returns trigger language plpgsql as $$
      begin
        perform pg_notify('dealgraph_events', coalesce((select max(seq) from new_events)::text, ''));
        return null;
      end $$`.execute(db);
    await sql`
      create trigger events_notify after insert on events
      referencing new table as new_events
      for each statement execute function dealgraph_notify_events()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === "postgres") {
    await sql`drop trigger if exists events_notify on events`.execute(db);
    await sql`drop function if exists dealgraph_notify_events()`.execute(db);
  }
  for (const t of ["alert_bursts", "job_leases", "job_state", "subscriptions", "channels"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
