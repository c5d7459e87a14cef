/**
 * `deal_added` events name the observation that added the deal (its fingerprint) instead of carrying a
 * second copy of its body: the event log shrinks by about four fifths and imports write that much less.
 * Events written before keep their `new_json`; readers take whichever is there.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("events").addColumn("fingerprint", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("events").dropColumn("fingerprint").execute();
}
