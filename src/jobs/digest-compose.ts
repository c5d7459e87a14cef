/**
 * Builds digest messages, for a channel's events past its watermark or for a window of observation dates,
 * with the picture of the loops they name.
 */

import { createHash } from "node:crypto";
import type { DealGraph } from "../analytics/deal-graph.js";
import { loopsTouching } from "../analytics/loops-touching.js";
import type { Cycle } from "../analytics/types.js";
import { composeDigest, noNewsMessage } from "../briefing/digest.js";
import { leadFactsFrom, writeLead } from "../briefing/llm-lead.js";
import type { NeutralMessage } from "../briefing/message.js";
import type { NameLookup } from "../briefing/templates.js";
import { buildCyclesSvg, chartInfoFromGraph, renderPngAsync } from "../charts/index.js";
import type { OpenAIConfig } from "../config.js";
import { dateIn } from "../domain/dates.js";
import type { Deal, DealEvent, Lang } from "../domain/types.js";
import type { Logger } from "../log.js";
import { dealEventsObservedAfter, eventsObservedBetween, latestObservedBefore } from "../store/event-repository.js";
import { dealsByIds } from "./deal-lookup.js";
import type { Db } from "./ports.js";

/** Optional written opening of a digest; null means none (no key, or it failed its check). */
export type LeadWriter = (input: {
  events: DealEvent[];
  deals: Map<string, Deal>;
  lang: Lang;
  loops: string[][];
}) => Promise<string | null>;

/**
 * The model's opening, checked against the events before it is used. Every company the graph knows is
 * handed to the check, so a summary that names one the events do not is dropped, in either language.
 */
export function openaiLeadWriter(graph: DealGraph, openai: OpenAIConfig, logger?: Logger): LeadWriter {
  return ({ events, deals, lang, loops }) => {
    const byId = new Map(graph.companies.map((c) => [c.id, c]));
    const facts = leadFactsFrom({
      events,
      deals,
      company: (id) => byId.get(id),
      fx: graph.fx,
      loops,
      knownCompanies: graph.companies,
    });
    return writeLead({ lang, facts }, { ...openai, ...(logger ? { logger } : {}) });
  };
}

export function graphNames(graph: DealGraph): NameLookup {
  const byId = new Map(graph.companies.map((c) => [c.id, c.name]));
  return (id) => byId.get(id) ?? { en: id, ko: id };
}

/**
 * The loops the events' deals are on, heaviest first, each once. Looked for through the companies of the
 * first deals, at most `maxCompanies` of them: a digest of a busy day stays quick on a large graph.
 */
export function loopsTouched(graph: DealGraph, events: DealEvent[], maxCompanies = 30): Cycle[] {
  const companies = new Set<number>();
  const deals = new Set<string>();
  for (const e of events) {
    const i = graph.dealIndex(e.dealId);
    if (i === undefined) continue;
    const from = graph.from[i] ?? -1;
    const to = graph.to[i] ?? 0;
    const adds = (from >= 0 && !companies.has(from) ? 1 : 0) + (companies.has(to) ? 0 : 1);
    if (companies.size + adds > maxCompanies) break;
    if (from >= 0) companies.add(from);
    companies.add(to);
    deals.add(e.dealId);
  }
  return loopsTouching(graph, deals, { maxLen: 4 });
}

export interface DigestComposeInput {
  db: Db;
  graph: DealGraph;
  events: DealEvent[];
  lang: Lang;
  tz: string;
  now: Date;
  lead?: LeadWriter | undefined;
  /** Told when the loops picture could not be drawn (the digest goes out without it). */
  logger?: Pick<Logger, "warn"> | undefined;
  /** The observation dates the digest covers, when it covers a window (`/brief`) rather than a watermark. */
  window?: { since: string; until: string } | undefined;
  /** Events observed after the window: undone, so each deal shows as it stood at the window's end. */
  laterEvents?: DealEvent[] | undefined;
}

/** The digest of `events`, or null when they hold nothing to report. */
export async function digestMessage(input: DigestComposeInput): Promise<NeutralMessage | null> {
  const { graph, events, lang } = input;
  if (events.length === 0) return null;
  const deals = await dealsByIds(
    input.db,
    events.map((e) => e.dealId),
  );
  const cyclesTouched = loopsTouched(graph, events);
  let lead: string | null = null;
  if (input.lead) {
    lead = await input.lead({ events, deals, lang, loops: cyclesTouched.map((c) => c.path) }).catch(() => null);
  }
  const digest = composeDigest({
    events,
    deals,
    lang,
    now: input.now,
    tz: input.tz,
    cyclesTouched,
    lead,
    names: graphNames(graph),
    fx: graph.fx,
    ...(input.window ? { window: input.window } : {}),
    ...(input.laterEvents ? { laterEvents: input.laterEvents } : {}),
  });
  if (!digest) return null;
  return withLoopsPicture(digest, graph, loopsNamed(cyclesTouched, events), lang, input.logger);
}

/** A brief's window of observation dates in `tz`: as asked, else from yesterday to today (the last 24 hours). */
export function briefWindow(
  asked: { since: string | null; until: string | null },
  now: Date,
  tz: string,
): { since: string; until: string } {
  return {
    since: asked.since ?? dateIn(new Date(now.getTime() - 24 * 3600_000), tz),
    until: asked.until ?? dateIn(now, tz),
  };
}

/**
 * `/brief` and `dealgraph brief`: the digest of the events observed in `window` (dates, both inclusive), each
 * deal as it stood at the window's end. A window that ended before today is dated its last day; an empty
 * window gets the one-line notice, naming the day of the latest news before it.
 */
export async function windowDigest(
  input: Omit<DigestComposeInput, "events" | "window" | "laterEvents"> & { window: { since: string; until: string } },
): Promise<NeutralMessage> {
  const { since, until } = input.window;
  const events = await eventsObservedBetween(input.db, since, until);
  const laterEvents = await dealEventsObservedAfter(input.db, [...new Set(events.map((e) => e.dealId))], until);
  const ended = until < dateIn(input.now, input.tz);
  const now = ended ? new Date(`${until}T12:00:00Z`) : input.now;
  const digest = await digestMessage({ ...input, now, events, laterEvents });
  return digest ?? noNewsMessage(input.lang, input.window, await latestObservedBefore(input.db, since));
}

/** The loops a digest names: those with a deal among the events (as the digest's closing line picks them). */
export function loopsNamed(loops: readonly Cycle[], events: readonly DealEvent[]): Cycle[] {
  const ids = new Set(events.map((e) => e.dealId));
  return loops.filter((c) => [...c.deals, ...(c.parallel ?? []).flat()].some((d) => ids.has(d)));
}

// Channels sharing a schedule get the same picture: draw it once per distinct SVG.
const pngCache = new Map<string, Promise<Uint8Array>>();
function cachedPng(svg: string): Promise<Uint8Array> {
  const key = createHash("sha256").update(svg).digest("base64");
  let png = pngCache.get(key);
  if (!png) {
    png = renderPngAsync(svg);
    png.catch(() => pngCache.delete(key));
    if (pngCache.size >= 16) pngCache.delete(pngCache.keys().next().value as string);
    pngCache.set(key, png);
  }
  return png;
}

/** The digest with the picture of `loops` attached; without it (logged) when drawing fails. */
export async function withLoopsPicture(
  digest: NeutralMessage,
  graph: DealGraph,
  loops: Cycle[],
  lang: Lang,
  logger?: Pick<Logger, "warn">,
): Promise<NeutralMessage> {
  if (loops.length === 0) return digest;
  try {
    const result = {
      cycles: loops,
      more: 0,
      complete: true,
      max_len: Math.max(...loops.map((c) => c.path.length)),
      include_cancelled: false,
    };
    const svg = buildCyclesSvg(result, chartInfoFromGraph(graph, { cycles: loops }), lang);
    const data = await cachedPng(svg);
    return {
      ...digest,
      attachments: [...(digest.attachments ?? []), { filename: "loops.png", contentType: "image/png", data }],
    };
  } catch (err) {
    logger?.warn({ err, loops: loops.length }, "could not draw the loops picture; the digest goes out without it");
    return digest;
  }
}
