/**
 * Answers to the question commands (/funding, /exposure, /cycles, /deals) as neutral messages.
 * Each states what was counted, names undisclosed amounts instead of treating them as zero, and
 * cites its deals' sources. Wording is in `templates/{lang}/{funding,exposure,cycles,deals}.liquid`.
 */
import type { CyclesResult, DealRef, ExposureResult, FundingResult, Totals } from "../analytics/types.js";
import { dateIn } from "../domain/dates.js";
import type { FxTable } from "../domain/fx.js";
import type { Amount, DealKind, Lang } from "../domain/types.js";
import type { NeutralMessage } from "./message.js";
import { type NameLookup, renderTemplate, type SourceView } from "./templates.js";

export interface AnswerContext {
  lang: Lang;
  names: NameLookup;
  fx?: FxTable;
  /** Today, for the rate of won conversions (default: now). */
  now?: Date;
  tz?: string;
}

/** Totals with their sum as one amount: a range when the high ends differ, null when nothing is disclosed. */
export function totalsView(t: Totals) {
  const amount: Amount | null =
    t.total_usd > 0 || t.total_usd_max > 0
      ? t.total_usd_max > t.total_usd
        ? { value: t.total_usd, max: t.total_usd_max, currency: "USD", qualifier: "range" }
        : { value: t.total_usd, currency: "USD", qualifier: "exact" }
      : null;
  return { ...t, amount };
}

/** A DealRef as templates see it (the shape `_headline` and `_ref` read). */
function refView(r: DealRef, lang: Lang) {
  return { ...r, title: r.title[lang]?.trim() || null };
}

function render(kind: string, ctx: AnswerContext, data: Record<string, unknown>): NeutralMessage {
  const today = dateIn(ctx.now ?? new Date(), ctx.tz ?? "Asia/Seoul");
  const fmt = { lang: ctx.lang, names: ctx.names, today, ...(ctx.fx ? { fx: ctx.fx } : {}) };
  return { ...renderTemplate(kind, fmt, { ...data, today }), ephemeral: false };
}

const bySize = (a: [string, Totals], b: [string, Totals]) =>
  b[1].total_usd_max - a[1].total_usd_max || b[1].deals - a[1].deals || a[0].localeCompare(b[0]);

/** How many investors and counted deals the funding answer lists; a hub can have thousands. */
const FUNDING_ROWS_SHOWN = 15;

export function fundingAnswer(result: FundingResult, ctx: AnswerContext): NeutralMessage {
  const entries = (rec: Record<string, Totals>) =>
    Object.entries(rec)
      .sort(bySize)
      .map(([key, t]) => ({ key, t: totalsView(t) }));
  const investors = Object.entries(result.by_investor).sort(bySize);
  const items = [...result.items].sort(
    (a, b) => (b.usd_max ?? b.usd ?? 0) - (a.usd_max ?? a.usd ?? 0) || b.observed_on.localeCompare(a.observed_on),
  );
  return render("funding", ctx, {
    company: result.company,
    totals: totalsView(result),
    by_status: entries(result.by_status),
    by_investor: investors.slice(0, FUNDING_ROWS_SHOWN).map(([key, t]) => ({ key, t: totalsView(t) })),
    investors_more: Math.max(0, investors.length - FUNDING_ROWS_SHOWN),
    items: items.slice(0, FUNDING_ROWS_SHOWN).map((r) => refView(r, ctx.lang)),
    items_more: Math.max(0, items.length - FUNDING_ROWS_SHOWN),
    counted: result.counted,
  });
}

/** How many counterparties the exposure answer lists. */
const COUNTERPARTIES_SHOWN = 10;

export function exposureAnswer(
  result: ExposureResult,
  ctx: AnswerContext,
  sources: { shown: SourceView[]; more: number } = { shown: [], more: 0 },
): NeutralMessage {
  return render("exposure", ctx, {
    sources: sources.shown,
    sources_more: sources.more,
    company: result.company,
    outflows: totalsView(result.outflows),
    inflows: totalsView(result.inflows),
    circular: totalsView(result.circular),
    concentration: result.concentration,
    counterparties: result.counterparties.slice(0, COUNTERPARTIES_SHOWN).map((c) => ({
      company: c.company,
      out: totalsView(c.outflow),
      in: totalsView(c.inflow),
    })),
    cycles: result.cycles.map((c) => c.path),
    more: result.cycles_more,
    complete: result.cycles_complete,
    counted: { include_cancelled: result.include_cancelled, since: null, statuses: null, max_len: result.max_len },
  });
}

export function cyclesAnswer(result: CyclesResult, ctx: AnswerContext): NeutralMessage {
  return render("cycles", ctx, {
    company: result.company ?? null,
    cycles: result.cycles.map((c) => ({ path: c.path, edges: (c.edges ?? []).map((e) => refView(e, ctx.lang)) })),
    more: result.more,
    complete: result.complete,
    counted: { include_cancelled: result.include_cancelled, since: null, statuses: null, max_len: result.max_len },
  });
}

export interface DealsAnswerInput {
  /** The deals to list, newest first. */
  deals: DealRef[];
  /** How many deals matched in all (the list may be cut). */
  total: number;
  /** The newest deal `since` left out, named when nothing is in the window. */
  latestBeforeSince?: DealRef | null;
  company: string | null;
  since: string | null;
  kind: DealKind | null;
  includeCancelled?: boolean;
}

export function dealsAnswer(input: DealsAnswerInput, ctx: AnswerContext): NeutralMessage {
  return render("deals", ctx, {
    deals: input.deals.map((r) => refView(r, ctx.lang)),
    total: input.total,
    latest_before_since: input.latestBeforeSince ? refView(input.latestBeforeSince, ctx.lang) : null,
    company: input.company,
    kind: input.kind,
    counted: { include_cancelled: input.includeCancelled ?? null, since: input.since, statuses: null },
  });
}
