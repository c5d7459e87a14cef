/** Pieces shared by the exposure and cycles charts: colours, nodes, arrow specs, legend. */
import type { Cycle } from "../analytics/types.js";
import { type Company, DEAL_KINDS, type DealKind, type Lang } from "../domain/types.js";
import { amountText } from "./amount-text.js";
import type { EdgeSpec } from "./edges.js";
import { boxAround } from "./geometry.js";
import { LOOP_COLOR } from "./svg-writer.js";
import { textWidth } from "./text.js";
import type { ChartDeal, LegendItem, PlannedEdge, PlannedNode, Point } from "./types.js";
import { DASHED_STATUSES, KIND_WORDS, kindLine, LEGEND_WORDS, roleWord, UNDISCLOSED_INVESTORS } from "./wording.js";

/** Arrow colours by deal kind, in the spirit of the press charts (money blue, purchases orange). */
export const KIND_COLORS: Record<DealKind, string> = {
  investment: "#1d4ed8",
  funding_round: "#0891b2",
  acquisition: "#15803d",
  purchase: "#ea580c",
  warrant: "#7c3aed",
  loan: "#a16207",
  partnership: "#6b7280",
};

/** Node id standing for the undisclosed investors of a funding round (`from` is null). */
export const UNDISCLOSED_ID = "(undisclosed)";

export function nodeName(id: string, companies: ReadonlyMap<string, Company>, lang: Lang): string {
  if (id === UNDISCLOSED_ID) return UNDISCLOSED_INVESTORS[lang];
  return companies.get(id)?.name[lang] ?? id;
}

export function nodeSize(name: string, caption: string, focus: boolean): { w: number; h: number } {
  const nameW = textWidth(name, focus ? 19 : 16, true);
  const capW = textWidth(caption, 11);
  if (focus) {
    const d = Math.max(nameW + 28, capW + 28, 112);
    return { w: d, h: d };
  }
  return { w: Math.max(nameW, capW) + 28, h: 50 };
}

export function makeNode(
  id: string,
  companies: ReadonlyMap<string, Company>,
  lang: Lang,
  at: Point,
  focus: boolean,
): PlannedNode {
  const name = nodeName(id, companies, lang);
  const role = companies.get(id)?.role;
  const caption = role ? roleWord(role, lang) : "";
  const { w, h } = nodeSize(name, caption, focus);
  return { id, name, caption, box: boxAround(at, w, h), focus, round: focus };
}

/** Stroke width grows with the known USD amount: 2 px undisclosed/small, about 5 px at $100B+. */
function strokeWidth(deal: ChartDeal): number {
  const a = deal.amount;
  if (a?.currency.toUpperCase() !== "USD" || a.value <= 0) return 2;
  const billions = Math.log10(Math.max(a.value, 1e9) / 1e9);
  return 2 + Math.min(billions, 2.5) * 1.25;
}

export function edgeSpec(deal: ChartDeal, lang: Lang, loop: boolean): EdgeSpec {
  return {
    dealId: deal.id,
    kind: deal.kind,
    from: deal.from ?? UNDISCLOSED_ID,
    to: deal.to,
    color: deal.status === "cancelled" ? "#9ca3af" : KIND_COLORS[deal.kind],
    width: strokeWidth(deal),
    dashed: DASHED_STATUSES.has(deal.status),
    loop,
    lines: [amountText(deal.amount, lang), kindLine(deal.kind, deal.status, lang)],
  };
}

/** Legend entries for the kinds drawn, then the loop highlight and the dashed style when used. */
export function legendFor(edges: readonly PlannedEdge[], dashedUsed: boolean, lang: Lang): LegendItem[] {
  // Cancelled deals are drawn grey, so they do not make their kind's colour appear in the legend.
  const kinds = new Set(edges.filter((e) => e.color === KIND_COLORS[e.kind]).map((e) => e.kind));
  const items: LegendItem[] = DEAL_KINDS.filter((k) => kinds.has(k)).map((k) => ({
    label: lang === "en" ? capitalize(KIND_WORDS[k][lang]) : KIND_WORDS[k][lang],
    color: KIND_COLORS[k],
    style: "kind" as const,
  }));
  if (edges.some((e) => e.loop)) items.push({ label: LEGEND_WORDS.loop[lang], color: LOOP_COLOR, style: "loop" });
  if (dashedUsed) items.push({ label: LEGEND_WORDS.dashed[lang], color: "#4b5563", style: "dashed" });
  return items;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function companyMap(companies: readonly Company[]): Map<string, Company> {
  return new Map(companies.map((c) => [c.id, c]));
}

/** The deals a cycle stands for: its hops and every parallel deal between the same two companies. */
export function cycleDealIds(cycle: Cycle): string[] {
  return cycle.parallel ? [...new Set([...cycle.deals, ...cycle.parallel.flat()])] : cycle.deals;
}

/** Companies drawn around the ring at most; more would make the labels unreadable. */
export const MAX_RING = 10;
/** Deals drawn between one pair of companies at most. */
export const MAX_PER_PAIR = 2;

function usdOf(d: ChartDeal): number {
  return d.amount && d.amount.currency.toUpperCase() === "USD" ? d.amount.value : 0;
}

/**
 * Keeps the deals whose both ends are drawn, at most MAX_PER_PAIR per pair of companies (each
 * direction's best first; loop deals before others, then the largest); returns how many were left out.
 */
export function drawableDeals(
  deals: readonly ChartDeal[],
  drawn: ReadonlySet<string>,
  loop: ReadonlySet<string>,
): { kept: ChartDeal[]; left: number } {
  const byPair = new Map<string, ChartDeal[]>();
  let left = 0;
  for (const d of deals) {
    const from = d.from ?? UNDISCLOSED_ID;
    if (!drawn.has(from) || !drawn.has(d.to)) {
      left++;
      continue;
    }
    const key = from < d.to ? `${from}\u0000${d.to}` : `${d.to}\u0000${from}`;
    const list = byPair.get(key) ?? [];
    list.push(d);
    byPair.set(key, list);
  }
  const kept: ChartDeal[] = [];
  for (const list of byPair.values()) {
    list.sort(
      (a, b) =>
        Number(loop.has(b.id)) - Number(loop.has(a.id)) ||
        usdOf(b) - usdOf(a) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    // The best deal of each direction first, so a loop's way there and way back both show.
    const firsts = new Map<string, ChartDeal>();
    for (const d of list) if (!firsts.has(d.from ?? UNDISCLOSED_ID)) firsts.set(d.from ?? UNDISCLOSED_ID, d);
    const picked = [...firsts.values(), ...list.filter((d) => firsts.get(d.from ?? UNDISCLOSED_ID) !== d)];
    kept.push(...picked.slice(0, MAX_PER_PAIR));
    left += Math.max(0, list.length - MAX_PER_PAIR);
  }
  const order = new Map(deals.map((d, i) => [d.id, i]));
  kept.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { kept, left };
}
