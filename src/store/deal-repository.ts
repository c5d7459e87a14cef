/** Reading deals: current states with their sources, and each deal's observation history. */
import type { Kysely } from "kysely";
import type { Amount, Deal, DealKind, DealStatus, DealTerms, Observation, Qualifier, Source } from "../domain/types.js";
import type { Database } from "./schema.js";
import type { DealSourcesTable, DealsTable } from "./schema-core.js";

export function amountFromRow(
  r: Pick<DealsTable, "amount_value" | "amount_currency" | "amount_qualifier" | "amount_max">,
): Amount | null {
  if (r.amount_value === null) return null;
  const a: Amount = {
    value: r.amount_value,
    currency: r.amount_currency ?? "USD",
    qualifier: (r.amount_qualifier ?? "exact") as Qualifier,
  };
  if (r.amount_max !== null) a.max = r.amount_max;
  return a;
}

export function sourceFromRow(r: Pick<DealSourcesTable, "publisher" | "url" | "lang" | "date">): Source {
  const s: Source = { publisher: r.publisher, date: r.date };
  if (r.url) s.url = r.url;
  if (r.lang) s.lang = r.lang;
  return s;
}

/** Newest first; ties keep publisher order so output is stable. */
export function compareSources(a: Source, b: Source): number {
  return a.date < b.date ? 1 : a.date > b.date ? -1 : a.publisher.localeCompare(b.publisher);
}

/** The deal row an observation sets. */
export function dealRowFromObservation(o: Observation, firstObservedOn: string, updatedSeq: number): DealsTable {
  const a = o.amount;
  return {
    id: o.deal,
    kind: o.kind,
    from_id: o.from,
    to_id: o.to,
    round_id: o.round ?? null,
    amount_value: a ? a.value : null,
    amount_currency: a ? a.currency : null,
    amount_qualifier: a ? a.qualifier : null,
    amount_max: a?.max ?? null,
    status: o.status,
    terms: o.terms ? JSON.stringify(o.terms) : null,
    title_en: o.title?.en ?? null,
    title_ko: o.title?.ko ?? null,
    observed_on: o.observed_on,
    first_observed_on: firstObservedOn,
    updated_seq: updatedSeq,
  };
}

/** The deal as the observation that added it describes it, citing that observation's source. */
export function dealFromObservation(o: Observation): Deal {
  const sources = o.source
    ? [
        sourceFromRow({
          publisher: o.source.publisher,
          url: o.source.url ?? "",
          lang: o.source.lang ?? "",
          date: o.observed_on,
        }),
      ]
    : [];
  return dealFromRow(dealRowFromObservation(o, o.observed_on, 0), sources);
}

export function dealFromRow(r: DealsTable, sources: Source[]): Deal {
  const d: Deal = {
    id: r.id,
    kind: r.kind as DealKind,
    from: r.from_id,
    to: r.to_id,
    amount: amountFromRow(r),
    status: r.status as DealStatus,
    title: {},
    observedOn: r.observed_on,
    firstObservedOn: r.first_observed_on,
    sources,
  };
  if (r.round_id !== null) d.round = r.round_id;
  if (r.terms !== null) d.terms = JSON.parse(r.terms) as DealTerms;
  if (r.title_en !== null) d.title.en = r.title_en;
  if (r.title_ko !== null) d.title.ko = r.title_ko;
  return d;
}

async function sourcesOf(db: Kysely<Database>, ids: string[] | "all"): Promise<Map<string, Source[]>> {
  const byDeal = new Map<string, Source[]>();
  const add = (rows: DealSourcesTable[]) => {
    for (const r of rows) {
      let list = byDeal.get(r.deal_id);
      if (!list) {
        list = [];
        byDeal.set(r.deal_id, list);
      }
      list.push(sourceFromRow(r));
    }
  };
  if (ids === "all") add(await db.selectFrom("deal_sources").selectAll().execute());
  else
    for (let i = 0; i < ids.length; i += 500) {
      add(
        await db
          .selectFrom("deal_sources")
          .selectAll()
          .where("deal_id", "in", ids.slice(i, i + 500))
          .execute(),
      );
    }
  for (const list of byDeal.values()) list.sort(compareSources);
  return byDeal;
}

/** Current states of all deals (cancelled ones left out unless asked), ordered by id. */
export async function listDeals(db: Kysely<Database>, opts: { includeCancelled?: boolean } = {}): Promise<Deal[]> {
  let q = db.selectFrom("deals").selectAll().orderBy("id");
  if (!opts.includeCancelled) q = q.where("status", "!=", "cancelled");
  const rows = await q.execute();
  const sources = await sourcesOf(db, "all");
  return rows.map((r) => dealFromRow(r, sources.get(r.id) ?? []));
}

export async function getDeal(db: Kysely<Database>, id: string): Promise<Deal | null> {
  const row = await db.selectFrom("deals").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const sources = await sourcesOf(db, [id]);
  return dealFromRow(row, sources.get(id) ?? []);
}

/**
 * Current states (cancelled included) of the deals whose last event is past `seq`, so an in-memory
 * index can catch up with what was imported since it last looked.
 */
export async function dealsChangedAfter(db: Kysely<Database>, seq: number): Promise<Deal[]> {
  // Through the events' primary key: a deal's updated_seq is the seq of its last event.
  const rows = await db
    .selectFrom("deals")
    .selectAll()
    .where("id", "in", db.selectFrom("events").select("deal_id").where("seq", ">", seq))
    .orderBy("id")
    .execute();
  if (rows.length === 0) return [];
  const sources = await sourcesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => dealFromRow(r, sources.get(r.id) ?? []));
}

/** Every observation of a deal as imported, oldest first (ties in import order). */
export async function dealHistory(db: Kysely<Database>, id: string): Promise<Observation[]> {
  const rows = await db
    .selectFrom("observations")
    .select(["body"])
    .where("deal_id", "=", id)
    .orderBy("observed_on")
    .orderBy("id")
    .execute();
  return rows.map((r) => JSON.parse(r.body) as Observation);
}
