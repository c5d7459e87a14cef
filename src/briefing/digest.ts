/**
 * The digest: events of a window turned into grouped, ranked items (SPEC §5). Composition only;
 * wording is in `templates/{lang}/digest.liquid`, splitting happens in the platform renderers.
 */
import type { Cycle } from "../analytics/types.js";
import { dateIn } from "../domain/dates.js";
import type { FxTable } from "../domain/fx.js";
import type { Amount, Deal, DealEvent, DealStatus, Lang, Source } from "../domain/types.js";
import type { NeutralMessage } from "./message.js";
import { escapeInline } from "./sanitize.js";
import { type NameLookup, renderTemplate, type SourceView } from "./templates.js";

export type ItemType = "new" | "revised" | "status" | "cancelled" | "sources";
export const GROUP_ORDER: ItemType[] = ["new", "revised", "status", "cancelled", "sources"];

/** A deal as templates see it, in the state it had at the item's date. */
export interface DealView {
  id: string;
  kind: string;
  from: string | null;
  to: string;
  amount: Amount | null;
  status: DealStatus;
  title: string | null;
  target?: string;
  shares?: number;
  valuation_usd?: number;
  observed_on: string;
}

export interface DigestItem {
  type: ItemType;
  deal: DealView;
  date: string;
  old?: unknown;
  new?: unknown;
  /** Revised upwards (only for `revised`). */
  up?: boolean;
  /** Show the status next to a new deal (unconfirmed, stalled or already closed). */
  tag?: boolean;
  sources: SourceView[];
  /** USD size used for ranking (the larger of old and new for revisions). */
  size: number;
}

export interface DigestInput {
  events: DealEvent[];
  deals: Map<string, Deal>;
  lang: Lang;
  now: Date | string;
  tz: string;
  /** Loops through deals of these events (others are ignored). */
  cyclesTouched: Cycle[];
  lead?: string | null;
  names: NameLookup;
  fx?: FxTable;
  /** The observation-date window shown under the header, when the digest was asked for one. */
  window?: { since: string; until: string };
  /** Events observed after the window: used only to restore each deal's state as it was in the window. */
  laterEvents?: DealEvent[];
}

const isAmount = (v: unknown): v is Amount =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as Amount).value === "number" &&
  typeof (v as Amount).currency === "string";
const isSource = (v: unknown): v is Source =>
  typeof v === "object" && v !== null && typeof (v as Source).publisher === "string";
const isDeal = (v: unknown): v is Deal => typeof v === "object" && v !== null && typeof (v as Deal).kind === "string";
const asAmount = (v: unknown): Amount | null => (isAmount(v) ? v : null);

/** USD size of an amount (its high end) for ranking; 0 when undisclosed or unconvertible. */
export function usdSize(amount: Amount | null, on: string, fx?: FxTable): number {
  if (!amount) return 0;
  const v = amount.max ?? amount.value;
  if (amount.currency.toUpperCase() === "USD") return v;
  return fx?.toUsd(v, amount.currency, on) ?? 0;
}

export function dealView(
  deal: Deal,
  lang: Lang,
  at: { amount: Amount | null; status: DealStatus; observedOn: string },
): DealView {
  const t = deal.terms ?? {};
  return {
    id: deal.id,
    kind: deal.kind,
    from: deal.from,
    to: deal.to,
    amount: at.amount,
    status: at.status,
    title: deal.title[lang]?.trim() || null,
    ...(t.target ? { target: t.target } : {}),
    ...(t.shares ? { shares: t.shares } : {}),
    ...(t.valuation_usd ? { valuation_usd: t.valuation_usd } : {}),
    observed_on: at.observedOn,
  };
}

/** The deal's amount and status before `changes` were made: each undone, newest first. */
function undone(deal: Deal, changes: readonly DealEvent[]): { amount: Amount | null; status: DealStatus } {
  let amount = deal.amount;
  let status = deal.status;
  for (const e of [...changes].sort((a, b) => b.seq - a.seq)) {
    if (e.type === "amount_changed") amount = asAmount(e.old);
    if (e.type === "status_changed" && typeof e.old === "string") status = e.old as DealStatus;
  }
  return { amount, status };
}

/**
 * The deal's amount and status on `date`, undoing the changes observed after it. An older report that
 * arrived late sits among them with only a source; it is passed over, not a place to stop.
 */
function stateAt(deal: Deal, date: string, dealEvents: DealEvent[]): { amount: Amount | null; status: DealStatus } {
  return undone(
    deal,
    dealEvents.filter((e) => e.observedOn > date),
  );
}

/**
 * The deal as it stood right after the report that made `event`: the changes later reports made (in
 * `later`, any deals' events) undone. An alert written after an import that changed a deal twice thus
 * tells each change with the figures of its moment. One report's changes (a cut amount and a new status,
 * recorded one after the other) stand together.
 */
export function dealAfter(deal: Deal, event: DealEvent, later: readonly DealEvent[]): Deal {
  const sameReport = (e: DealEvent) => e.observedOn === event.observedOn && e.recordedAt === event.recordedAt;
  const { amount, status } = undone(
    deal,
    later.filter((e) => e.dealId === deal.id && e.seq > event.seq && !sameReport(e)),
  );
  return amount === deal.amount && status === deal.status ? deal : { ...deal, amount, status };
}

/** The sources of an observation; for a follow-up (`onlyAdded`), just the sources it added. */
function sourcesFor(deal: Deal, date: string, unit: DealEvent[], onlyAdded = false): SourceView[] {
  const found: SourceView[] = [];
  const add = (s: { publisher: string; url?: string }) => {
    if (!found.some((f) => f.publisher === s.publisher && (f.url ?? "") === (s.url ?? ""))) {
      found.push({ publisher: s.publisher, date, ...(s.url ? { url: s.url } : {}) });
    }
  };
  if (!onlyAdded) for (const s of [...deal.sources].reverse()) if (s.date === date) add(s);
  for (const e of unit) if (e.type === "source_added" && isSource(e.new)) add(e.new);
  return found;
}

/** New deals show their status unless it is the plain "announced". */
const TAGGED: DealStatus[] = ["rumored", "reported", "signed", "completed", "stalled", "cancelled"];

/** One item per deal and observation date; source-only updates fold into the deal's other item. */
export function digestItems(
  events: DealEvent[],
  deals: Map<string, Deal>,
  lang: Lang,
  fx?: FxTable,
  later: DealEvent[] = [],
): DigestItem[] {
  const byDeal = new Map<string, DealEvent[]>();
  for (const e of events) byDeal.set(e.dealId, [...(byDeal.get(e.dealId) ?? []), e]);
  const laterByDeal = new Map<string, DealEvent[]>();
  for (const e of later) if (byDeal.has(e.dealId)) laterByDeal.set(e.dealId, [...(laterByDeal.get(e.dealId) ?? []), e]);
  const items: DigestItem[] = [];
  for (const [dealId, dealEvents] of byDeal) {
    const added = dealEvents.find((e) => e.type === "deal_added");
    const deal = deals.get(dealId) ?? (added && isDeal(added.new) ? added.new : undefined);
    if (!deal) continue;
    const units = new Map<string, DealEvent[]>();
    for (const e of dealEvents) units.set(e.observedOn, [...(units.get(e.observedOn) ?? []), e]);
    const history = [...dealEvents, ...(laterByDeal.get(dealId) ?? [])];
    const dealItems: DigestItem[] = [];
    const orphanSources: SourceView[] = [];
    for (const [date, unit] of [...units].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const item = unitItem(deal, date, unit, history, lang, fx);
      if (item) dealItems.push(item);
      else orphanSources.push(...sourcesFor(deal, date, unit, true));
    }
    if (dealItems.length === 0 && orphanSources.length > 0) {
      const last = [...units.keys()].sort().at(-1) as string;
      const view = dealView(deal, lang, { ...stateAt(deal, last, history), observedOn: last });
      dealItems.push({
        type: "sources",
        deal: view,
        date: last,
        sources: orphanSources,
        size: usdSize(view.amount, last, fx),
      });
    } else {
      const target = dealItems.at(-1);
      for (const s of orphanSources)
        if (target && !target.sources.some((t) => t.publisher === s.publisher)) target.sources.push(s);
    }
    items.push(...dealItems);
  }
  return items;
}

function unitItem(
  deal: Deal,
  date: string,
  unit: DealEvent[],
  all: DealEvent[],
  lang: Lang,
  fx?: FxTable,
): DigestItem | null {
  const sources = sourcesFor(deal, date, unit);
  const state = stateAt(deal, date, all);
  const added = unit.find((e) => e.type === "deal_added");
  const amountEv = unit.filter((e) => e.type === "amount_changed");
  const statusEv = unit.filter((e) => e.type === "status_changed").at(-1);
  if (added) {
    const snap = isDeal(added.new) ? added.new : deal;
    const at = isDeal(added.new) ? { amount: snap.amount, status: snap.status } : state;
    const view = dealView({ ...deal, title: snap.title ?? deal.title }, lang, { ...at, observedOn: date });
    return {
      type: "new",
      deal: view,
      date,
      sources,
      tag: TAGGED.includes(view.status),
      size: usdSize(view.amount, date, fx),
    };
  }
  if (statusEv && typeof statusEv.new === "string") state.status = statusEv.new as DealStatus;
  if (amountEv.length > 0) state.amount = asAmount(amountEv.at(-1)?.new);
  const view = dealView(deal, lang, { ...state, observedOn: date });
  if (amountEv.length > 0) {
    const old = asAmount(amountEv[0]?.old);
    const now = asAmount(amountEv.at(-1)?.new);
    const oldSize = usdSize(old, date, fx);
    const newSize = usdSize(now, date, fx);
    return {
      type: "revised",
      deal: view,
      date,
      old,
      new: now,
      up: newSize > oldSize,
      sources,
      size: Math.max(oldSize, newSize),
    };
  }
  if (statusEv) {
    const type = statusEv.new === "cancelled" ? "cancelled" : "status";
    return {
      type,
      deal: view,
      date,
      old: statusEv.old,
      new: statusEv.new,
      sources,
      size: usdSize(view.amount, date, fx),
    };
  }
  return null;
}

function byGroup(items: DigestItem[]): { key: ItemType; items: DigestItem[] }[] {
  return GROUP_ORDER.map((key) => ({
    key,
    items: items
      .filter((i) => i.type === key)
      .sort(
        (a, b) =>
          b.size - a.size || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) || a.deal.id.localeCompare(b.deal.id),
      ),
  })).filter((g) => g.items.length > 0);
}

/** Sums of the latest amounts of deals new or revised in the window (cancelled left out). */
export function windowTotals(items: DigestItem[], fx: FxTable | undefined) {
  const latest = new Map<string, DigestItem>();
  for (const i of items) {
    if (i.type !== "new" && i.type !== "revised") continue;
    const prev = latest.get(i.deal.id);
    if (!prev || prev.date <= i.date) latest.set(i.deal.id, i);
  }
  let usd = 0;
  let usdMax = 0;
  let undisclosed = 0;
  let unconverted = 0;
  let deals = 0;
  for (const i of latest.values()) {
    if (i.deal.status === "cancelled") continue;
    deals++;
    const amount = i.type === "revised" ? asAmount(i.new) : i.deal.amount;
    if (!amount) {
      undisclosed++;
      continue;
    }
    const cur = amount.currency.toUpperCase();
    const low = cur === "USD" ? amount.value : fx?.toUsd(amount.value, cur, i.date);
    const high = cur === "USD" ? (amount.max ?? amount.value) : fx?.toUsd(amount.max ?? amount.value, cur, i.date);
    if (low === null || low === undefined || high === null || high === undefined) {
      unconverted++;
      continue;
    }
    usd += low;
    usdMax += high;
  }
  // A sum reads best to the 억 (0.1B) once it reaches tens of billions.
  const round = (v: number) => (v >= 1e10 ? Math.round(v / 1e8) * 1e8 : v);
  usd = round(usd);
  usdMax = round(usdMax);
  const amount: Amount | null =
    usd > 0 || usdMax > 0
      ? usdMax > usd
        ? { value: usd, max: usdMax, currency: "USD", qualifier: "range" }
        : { value: usd, currency: "USD", qualifier: "exact" }
      : null;
  return { deals, usd, usd_max: usdMax, undisclosed, unconverted, amount };
}

/** Loops through the window's deals: those a new deal closed, and the others it touched. */
export function loopsOf(cycles: Cycle[], events: DealEvent[]): { added: string[][]; touched: string[][] } {
  const dealIds = new Set(events.map((e) => e.dealId));
  const newIds = new Set(events.filter((e) => e.type === "deal_added").map((e) => e.dealId));
  const added: string[][] = [];
  const touched: string[][] = [];
  for (const c of cycles) {
    const ids = [...c.deals, ...(c.parallel ?? []).flat()];
    if (!ids.some((d) => dealIds.has(d))) continue;
    (ids.some((d) => newIds.has(d)) ? added : touched).push(c.path);
  }
  return { added, touched };
}

/** The digest of a window's events, unsplit; null when the window holds nothing to report. */
export function composeDigest(input: DigestInput): NeutralMessage | null {
  const items = digestItems(input.events, input.deals, input.lang, input.fx, input.laterEvents);
  if (items.length === 0) return null;
  const day = dateIn(input.now, input.tz);
  const fmt = { lang: input.lang, names: input.names, today: day, ...(input.fx ? { fx: input.fx } : {}) };
  return renderTemplate("digest", fmt, {
    day,
    window: input.window ?? null,
    lead: input.lead?.trim() || null,
    groups: byGroup(items),
    count: items.length,
    totals: windowTotals(items, input.fx),
    loops: loopsOf(input.cyclesTouched, input.events),
  });
}

/**
 * The one-liner a channel may choose to get when a window holds nothing to report: for an explicit window,
 * else for today or, on a weekly schedule, this week.
 */
export function noNewsMessage(
  lang: Lang,
  window?: { since: string; until: string },
  latestBefore: string | null = null,
  period: "day" | "week" = "day",
): NeutralMessage {
  const msg = renderTemplate(
    "no-news",
    { lang, names: (id) => ({ en: id, ko: id }) },
    { window: window ?? null, latest_before: latestBefore, weekly: period === "week" },
  );
  return { summary: msg.summary, blocks: [{ type: "context", text: escapeInline(msg.summary) }] };
}
