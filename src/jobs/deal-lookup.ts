/** Current states of a handful of deals (those a digest or an alert talks about), with their sources. */
import type { Deal, Source } from "../domain/types.js";
import { compareSources, dealFromRow, sourceFromRow } from "../store/deal-repository.js";
import type { Db } from "./ports.js";

const CHUNK = 500;

export async function dealsByIds(db: Db, ids: Iterable<string>): Promise<Map<string, Deal>> {
  const all = [...new Set(ids)];
  const deals = new Map<string, Deal>();
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    const rows = await db.selectFrom("deals").selectAll().where("id", "in", chunk).execute();
    const sources = await db.selectFrom("deal_sources").selectAll().where("deal_id", "in", chunk).execute();
    const byDeal = new Map<string, Source[]>();
    for (const s of sources) {
      const list = byDeal.get(s.deal_id);
      if (list) list.push(sourceFromRow(s));
      else byDeal.set(s.deal_id, [sourceFromRow(s)]);
    }
    for (const r of rows) deals.set(r.id, dealFromRow(r, (byDeal.get(r.id) ?? []).sort(compareSources)));
  }
  return deals;
}

/** Of `ids`, the deals changed after `seq`, with the seq of each one's last change. */
export async function changedAfter(db: Db, ids: Iterable<string>, seq: number): Promise<Map<string, number>> {
  const all = [...new Set(ids)];
  const changed = new Map<string, number>();
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows = await db
      .selectFrom("deals")
      .select(["id", "updated_seq"])
      .where("id", "in", all.slice(i, i + CHUNK))
      .where("updated_seq", ">", seq)
      .execute();
    for (const r of rows) changed.set(r.id, Number(r.updated_seq));
  }
  return changed;
}
