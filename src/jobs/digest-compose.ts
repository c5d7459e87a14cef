/** Builds one channel's digest message from the events past its watermark, with the picture of the loops it names. */

import { createHash } from "node:crypto";
import { cycles } from "../analytics/cycles.js";
import type { DealGraph } from "../analytics/deal-graph.js";
import type { Cycle } from "../analytics/types.js";
import { composeDigest } from "../briefing/digest.js";
import type { NeutralMessage } from "../briefing/message.js";
import type { NameLookup } from "../briefing/templates.js";
import { buildCyclesSvg, chartInfoFromGraph, renderPngAsync } from "../charts/index.js";
import type { Deal, DealEvent, Lang } from "../domain/types.js";
import type { Logger } from "../log.js";
import { dealsByIds } from "./deal-lookup.js";
import type { Db } from "./ports.js";

/** Optional written opening of a digest; null means none (no key, or it failed its check). */
export type LeadWriter = (input: {
  events: DealEvent[];
  deals: Map<string, Deal>;
  lang: Lang;
  loops: string[][];
}) => Promise<string | null>;

export function graphNames(graph: DealGraph): NameLookup {
  const byId = new Map(graph.companies.map((c) => [c.id, c.name]));
  return (id) => byId.get(id) ?? { en: id, ko: id };
}

/** Loops through the companies the events touch (at most `maxCompanies` of them), each once. */
export function loopsTouched(graph: DealGraph, events: DealEvent[], maxCompanies = 30): Cycle[] {
  const companies = new Set<string>();
  for (const e of events) {
    const i = graph.dealIndex(e.dealId);
    if (i === undefined) continue;
    const from = graph.from[i] ?? -1;
    if (from >= 0) companies.add(graph.companyId(from));
    companies.add(graph.companyId(graph.to[i] ?? 0));
    if (companies.size >= maxCompanies) break;
  }
  const seen = new Set<string>();
  const out: Cycle[] = [];
  for (const company of companies) {
    for (const c of cycles(graph, { company, limit: 20 }).cycles) {
      const key = [...c.deals].sort().join(",");
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
  }
  return out;
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
  });
  if (!digest) return null;
  return withLoopsPicture(digest, graph, loopsNamed(cyclesTouched, events), lang, input.logger);
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
