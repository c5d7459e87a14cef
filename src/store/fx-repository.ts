/** FX rates: USD/XXX, `rate` units of the currency per dollar, valid from `on`. */
import type { Kysely } from "kysely";
import type { FxRate } from "../domain/types.js";
import type { Database } from "./schema.js";

export async function listFxRates(db: Kysely<Database>): Promise<FxRate[]> {
  const rows = await db.selectFrom("fx_rates").selectAll().orderBy("currency").orderBy("on").execute();
  return rows.map((r) => ({ currency: r.currency, on: r.on, rate: r.rate }));
}

/** Inserts or replaces rates; returns how many were new or changed. */
export async function upsertFxRates(db: Kysely<Database>, rates: FxRate[]): Promise<number> {
  if (rates.length === 0) return 0;
  const existing = new Map((await listFxRates(db)).map((r) => [`${r.currency}|${r.on}`, r.rate]));
  const changed = rates.filter((r) => existing.get(`${r.currency}|${r.on}`) !== r.rate);
  for (let i = 0; i < changed.length; i += 500) {
    await db
      .insertInto("fx_rates")
      .values(changed.slice(i, i + 500).map((r) => ({ currency: r.currency, on: r.on, rate: r.rate })))
      .onConflict((oc) => oc.columns(["currency", "on"]).doUpdateSet((eb) => ({ rate: eb.ref("excluded.rate") })))
      .execute();
  }
  return changed.length;
}
