/** Core tables (see schema-core.ts). One migration for both dialects; only the event sequence column differs. */
import { type CreateTableBuilder, type Kysely, PostgresAdapter } from "kysely";

/** The dialect a migration runs on, read from Kysely's adapter. */
export function dialectOf(db: Kysely<any>): "sqlite" | "postgres" {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * History rows reference their deal, checked at commit: an import writes a deal's final state after its
 * observations, in the same transaction.
 */
const dealReference =
  (name: string) =>
  <T extends CreateTableBuilder<any, any>>(t: T): T =>
    t.addForeignKeyConstraint(name, ["deal_id"], "deals", ["id"], (fk) =>
      fk.onDelete("cascade").deferrable().initiallyDeferred(),
    ) as T;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === "postgres";

  await db.schema
    .createTable("companies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_ko", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();

  await db.schema
    .createTable("company_aliases")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .execute();
  await db.schema.createIndex("company_aliases_company").on("company_aliases").column("company_id").execute();

  await db.schema
    .createTable("deals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_id", "text", (c) => c.references("companies.id"))
    .addColumn("to_id", "text", (c) => c.notNull().references("companies.id"))
    .addColumn("round_id", "text")
    .addColumn("amount_value", "double precision")
    .addColumn("amount_currency", "text")
    .addColumn("amount_qualifier", "text")
    .addColumn("amount_max", "double precision")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("terms", "text")
    .addColumn("title_en", "text")
    .addColumn("title_ko", "text")
    .addColumn("observed_on", "text", (c) => c.notNull())
    .addColumn("first_observed_on", "text", (c) => c.notNull())
    .addColumn("updated_seq", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  // No secondary indexes: each costs every imported deal a B-tree insert at a random place. Companies are
  // never deleted (from_id / to_id need none for their foreign keys), and deals changed after a sequence
  // are found through the event log's key (see dealsChangedAfter).

  // A source is kept on the first observation that cites it (publisher null otherwise): one row written per
  // observation instead of two, and `deal_sources` is a view of those rows. No AUTOINCREMENT: ids only order
  // a deal's observations, and rows are never deleted but with their deal.
  await db.schema
    .createTable("observations")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => c.primaryKey())
    .addColumn("deal_id", "text", (c) => c.notNull())
    .addColumn("observed_on", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("publisher", "text")
    .addColumn("url", "text")
    .addColumn("lang", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .$call(dealReference("observations_deal"))
    .addUniqueConstraint("observations_deal_fingerprint", ["deal_id", "fingerprint"])
    .execute();

  await db.schema
    .createView("deal_sources")
    .as(
      db
        .selectFrom("observations")
        .select(["deal_id", "publisher", "url", "lang", "observed_on as date"])
        .where("publisher", "is not", null),
    )
    .execute();

  // The event log is append-only; it does not reference deals so it can be written before them in a batch.
  await db.schema
    .createTable("events")
    .addColumn("seq", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("deal_id", "text", (c) => c.notNull())
    .addColumn("observed_on", "text", (c) => c.notNull())
    .addColumn("old_json", "text")
    .addColumn("new_json", "text")
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_observed_on").on("events").columns(["observed_on", "seq"]).execute();

  await db.schema
    .createTable("fx_rates")
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("on", "text", (c) => c.notNull())
    .addColumn("rate", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("fx_rates_pk", ["currency", "on"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropView("deal_sources").ifExists().execute();
  for (const t of ["fx_rates", "events", "observations", "deals", "company_aliases", "companies"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
