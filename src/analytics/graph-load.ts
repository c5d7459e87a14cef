/**
 * Filling a DealGraph from the store. On SQLite the deals are streamed row by row (arrays, not objects),
 * each with its newest source from the same scan, so a million deals load without a million
 * intermediate objects or a second pass.
 */

import type { Kysely } from "kysely";
import type { Amount, DealKind, DealStatus, Qualifier } from "../domain/types.js";
import { listCompanies } from "../store/company-repository.js";
import { rawHandle, type Store } from "../store/db.js";
import { dealsChangedAfter } from "../store/deal-repository.js";
import { latestSeq } from "../store/event-repository.js";
import { listFxRates } from "../store/fx-repository.js";
import type { Database } from "../store/schema.js";
import type { DealGraph } from "./deal-graph.js";
import { toRecord } from "./deal-graph.js";

type DealRow = [
  id: string,
  kind: string,
  from: string | null,
  to: string,
  round: string | null,
  value: number | null,
  currency: string | null,
  qualifier: string | null,
  max: number | null,
  status: string,
  titleEn: string | null,
  titleKo: string | null,
  observedOn: string,
  seq: number | bigint,
  /** The newest source as `publisher \x1f url \x1f date`, or null. */
  source?: string | null,
];
type SourceRow = [dealId: string, publisher: string, url: string, date: string];

const DEAL_COLUMNS =
  "id, kind, from_id, to_id, round_id, amount_value, amount_currency, amount_qualifier, amount_max, status, title_en, title_ko, observed_on, updated_seq";
/** The newest source of each deal, looked up through the (deal_id, …) unique index in the same scan. */
const NEWEST_SOURCE =
  "(select s.publisher || char(31) || s.url || char(31) || s.date from deal_sources s where s.deal_id = deals.id order by s.date desc, s.publisher limit 1)";

export async function loadGraphFromStore(g: DealGraph, store: Store): Promise<DealGraph> {
  g.setCompanies(await listCompanies(store.db));
  await refreshFx(g, store.db);
  const raw = rawHandle(store);
  if (raw?.dialect === "sqlite") {
    const deals = raw.sqlite.prepare(`select ${DEAL_COLUMNS}, ${NEWEST_SOURCE} from deals`).raw(true);
    for (const row of deals.iterate() as Iterable<DealRow>) addRow(g, row);
  } else {
    const deals = await store.db.selectFrom("deals").selectAll().execute();
    for (const r of deals) {
      addRow(g, [
        r.id,
        r.kind,
        r.from_id,
        r.to_id,
        r.round_id,
        r.amount_value,
        r.amount_currency,
        r.amount_qualifier,
        r.amount_max,
        r.status,
        r.title_en,
        r.title_ko,
        r.observed_on,
        r.updated_seq,
      ]);
    }
    const sources = await store.db.selectFrom("deal_sources").select(["deal_id", "publisher", "url", "date"]).execute();
    for (const s of sources) addSource(g, [s.deal_id, s.publisher, s.url, s.date]);
  }
  return g;
}

/**
 * Applies deals changed since the graph's last sequence; returns how many were applied. With nothing
 * new this costs two small indexed queries: the event log's newest seq and a fingerprint of fx_rates.
 */
export async function refreshGraphFromStore(g: DealGraph, store: Store): Promise<number> {
  await refreshFx(g, store.db);
  // Read the high-water mark first: a deal written meanwhile is applied now or on the next refresh, never skipped.
  const top = await latestSeq(store.db);
  if (top <= g.lastSeq) return 0;
  const changed = await dealsChangedAfter(store.db, g.lastSeq);
  if (changed.length > 0) {
    g.setCompanies(await listCompanies(store.db));
    for (const d of changed) g.setDeal(toRecord(d));
  }
  g.lastSeq = Math.max(g.lastSeq, top);
  return changed.length;
}

/** FX rates are written without events: their count, last date and sum tell whether to reload them. */
const fxStamps = new WeakMap<DealGraph, string>();

async function refreshFx(g: DealGraph, db: Kysely<Database>): Promise<void> {
  const row = await db
    .selectFrom("fx_rates")
    .select((eb) => [eb.fn.countAll().as("n"), eb.fn.max("on").as("last"), eb.fn.sum("rate").as("total")])
    .executeTakeFirst();
  const stamp = `${String(row?.n ?? 0)}|${String(row?.last ?? "")}|${String(row?.total ?? 0)}`;
  if (fxStamps.get(g) === stamp) return;
  g.setFxRates(await listFxRates(db));
  fxStamps.set(g, stamp);
}

function addRow(g: DealGraph, r: DealRow): void {
  const amount: Amount | null =
    r[5] === null
      ? null
      : {
          value: r[5],
          currency: r[6] ?? "USD",
          qualifier: (r[7] ?? "exact") as Qualifier,
          ...(r[8] === null ? {} : { max: r[8] }),
        };
  const title: { en?: string; ko?: string } = {};
  if (r[10]) title.en = r[10];
  if (r[11]) title.ko = r[11];
  let source: { publisher: string; url?: string; date: string } | null = null;
  if (r[14]) {
    const [publisher = "", url = "", date = ""] = r[14].split("\x1f");
    source = { publisher, date, ...(url ? { url } : {}) };
  }
  g.appendDeal({
    id: r[0],
    kind: r[1] as DealKind,
    from: r[2],
    to: r[3],
    round: r[4],
    amount,
    status: r[9] as DealStatus,
    title,
    observedOn: r[12],
    source,
  });
  const seq = Number(r[13]);
  if (seq > g.lastSeq) g.lastSeq = seq;
}

function addSource(g: DealGraph, r: SourceRow): void {
  const i = g.dealIndex(r[0]);
  if (i === undefined) return;
  g.offerSource(i, { publisher: r[1], date: r[3], ...(r[2] ? { url: r[2] } : {}) });
}
