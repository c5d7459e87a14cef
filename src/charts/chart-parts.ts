/** Pieces shared by the exposure and cycles charts: colours, nodes, arrow specs, legend. */
import type { Cycle } from "../analytics/types.js";
import { DEAL_KINDS, type Company, type DealKind, type Lang } from "../domain/types.js";
import { amountText } from "./amount-text.js";
import type { EdgeSpec } from "./edges.js";
import { boxAround } from "./geometry.js";
import { textWidth } from "./text.js";
import type { ChartDeal, LegendItem, PlannedEdge, PlannedNode, Point } from "./types.js";
import { DASHED_STATUSES, KIND_WORDS, LEGEND_WORDS, UNDISCLOSED_INVESTORS, kindLine, roleWord } from "./wording.js";
import { LOOP_COLOR } from "./svg-writer.js";

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
  if (!a || a.currency.toUpperCase() !== "USD" || a.value <= 0) return 2;
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
  const kinds = new Set(edges.map((e) => e.kind));
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
