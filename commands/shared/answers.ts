/**
 * The question commands' one bridge to analytics and briefing: run the analysis on the graph, hand
 * the result to the answer template. Handlers stay one line each.
 */
import { cycles } from "../../src/analytics/cycles.js";
import { exposure } from "../../src/analytics/exposure.js";
import { funding } from "../../src/analytics/funding.js";
import { recentDeals } from "../../src/analytics/recent-deals.js";
import type { CyclesResult, ExposureResult } from "../../src/analytics/types.js";
import { cyclesAnswer, dealsAnswer, exposureAnswer, fundingAnswer } from "../../src/briefing/answers.js";
import type { NeutralMessage } from "../../src/briefing/message.js";
import type { SourceView } from "../../src/briefing/templates.js";
import { formatDate } from "../../src/domain/dates.js";
import { FxTable } from "../../src/domain/fx.js";
import type { DealKind, DealStatus } from "../../src/domain/types.js";
import { briefWindow, windowDigest } from "../../src/jobs/digest-compose.js";
import { type CommandContext, UserError } from "../../src/platforms/command.js";
import { listFxRates } from "../../src/store/fx-repository.js";

/** How many deals `/deals` lists. */
const DEALS_LIMIT = 15;

async function answerContext(ctx: CommandContext) {
  const fx = new FxTable(await listFxRates(ctx.store.db));
  const names = (id: string) => {
    const c = ctx.resolver.get(id);
    return c ? c.name : { en: id, ko: id };
  };
  return { lang: ctx.lang, names, fx, now: ctx.now, tz: ctx.config.defaultTz };
}

export async function answerFunding(
  ctx: CommandContext,
  companyId: string,
  opts: { since: string | null; statuses: DealStatus[] | null },
): Promise<NeutralMessage> {
  const result = funding(ctx.graph, companyId, { since: opts.since, statuses: opts.statuses });
  return fundingAnswer(result, await answerContext(ctx));
}

/** How many publishers the exposure answer names. */
const SOURCES_SHOWN = 6;

/** The publishers behind a company's counted deals, most recent report first, one entry each. */
function companySources(ctx: CommandContext, companyId: string): { shown: SourceView[]; more: number } {
  const g = ctx.graph;
  const c = g.companyIndex(companyId);
  // publisher → the deal carrying its latest report; a hub has thousands of deals but few publishers
  const latest = new Map<string, { deal: number; date: number }>();
  if (c !== undefined) {
    for (const list of [g.out(c), g.in(c)]) {
      for (const i of list) {
        if (g.statusOf(i) === "cancelled") continue;
        const src = g.latestSource(i);
        if (!src) continue;
        const seen = latest.get(src.publisher);
        if (!seen || seen.date < src.date) latest.set(src.publisher, { deal: i, date: src.date });
      }
    }
  }
  const all = [...latest.values()].sort((a, b) => b.date - a.date);
  const shown = all
    .slice(0, SOURCES_SHOWN)
    .map(({ deal }) => g.ref(deal).source)
    .filter((s): s is NonNullable<typeof s> => s !== null);
  return { shown, more: Math.max(0, all.length - SOURCES_SHOWN) };
}

/** The exposure answer, and the analysis behind it (the command draws its picture from the same result). */
export async function answerExposure(
  ctx: CommandContext,
  companyId: string,
): Promise<{ message: NeutralMessage; result: ExposureResult }> {
  const result = exposure(ctx.graph, companyId, {});
  const message = exposureAnswer(result, await answerContext(ctx), companySources(ctx, companyId));
  return { message, result };
}

/** How many loops a chat answer lists; the rest are counted. */
const LOOPS_SHOWN = 10;

/** The cycles answer, and the analysis behind it (the command draws its picture from the same result). */
export async function answerCycles(
  ctx: CommandContext,
  opts: { company: string | null; maxLen: number },
): Promise<{ message: NeutralMessage; result: CyclesResult }> {
  const result = cycles(ctx.graph, {
    maxLen: opts.maxLen,
    limit: LOOPS_SHOWN,
    ...(opts.company ? { company: opts.company } : {}),
  });
  return { message: cyclesAnswer(result, await answerContext(ctx)), result };
}

/** Deals newest first: the company's in- and outflows, or every deal. */
export async function answerDeals(
  ctx: CommandContext,
  opts: { company: string | null; since: string | null; kind: DealKind | null },
): Promise<NeutralMessage> {
  // A list, not a sum: called-off deals stay in it, with their status.
  const recent = recentDeals(ctx.graph, {
    includeCancelled: true,
    limit: DEALS_LIMIT,
    ...(opts.company ? { company: opts.company } : {}),
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.kind ? { kind: opts.kind } : {}),
  });
  return dealsAnswer(
    { ...recent, company: opts.company, since: opts.since, kind: opts.kind, includeCancelled: true },
    await answerContext(ctx),
  );
}

/** An on-demand digest of the events observed in the window (default: the last 24 hours). */
export async function answerBrief(
  ctx: CommandContext,
  opts: { since: string | null; until: string | null },
): Promise<NeutralMessage> {
  const tz = ctx.config.defaultTz;
  const { since, until } = briefWindow(opts, ctx.now, tz);
  if (since > until) {
    const [a, b] = [since, until].map((d) => ({ en: formatDate(d, "en"), ko: formatDate(d, "ko") }));
    throw new UserError({
      en: `\`since\` (${a?.en}) is after \`until\` (${b?.en}): the window would end before it starts.`,
      ko: `시작일(\`since\`) ${a?.ko}이 종료일(\`until\`) ${b?.ko}보다 늦습니다.`,
    });
  }
  const message = await windowDigest({
    db: ctx.store.db,
    graph: ctx.graph,
    lang: ctx.lang,
    tz,
    now: ctx.now,
    window: { since, until },
  });
  return message;
}
