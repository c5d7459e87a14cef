/** Current states of a handful of deals (those a digest or an alert talks about), with their sources. */
import type { Deal, Source } from "../domain/types.js";
import { compareSources, dealFromRow, sourceFromRow } from "../store/deal-repository.js";
import type { Db } from "./ports.js";

const CHUNK = 500;

/** A deal as it stands, and the seq of the event that last changed it. */
export interface DealNow {
  deal: Deal;
  updatedSeq: number;
}

export async function dealsNowByIds(db: Db, ids: Iterable<string>): Promise<Map<string, DealNow>> {
  const all = [...new Set(ids)];
  const deals = new Map<string, DealNow>();
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
    for (const r of rows) {
      const deal = dealFromRow(r, (byDeal.get(r.id) ?? []).sort(compareSources));
      deals.set(r.id, { deal, updatedSeq: Number(r.updated_seq) });
    }
  }
  return deals;
}

export async function dealsByIds(db: Db, ids: Iterable<string>): Promise<Map<string, Deal>> {
  const deals = new Map<string, Deal>();
  for (const [id, now] of await dealsNowByIds(db, ids)) deals.set(id, now.deal);
  return deals;
}
