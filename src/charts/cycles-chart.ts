/** The cycles chart: every company on a loop around a ring, the busiest one in the middle. */
import type { Cycle, CyclesResult } from "../analytics/types.js";
import { groupDigits as count } from "../domain/money.js";
import type { Company, Lang } from "../domain/types.js";
import { usdText } from "./amount-text.js";
import { companyMap, cycleDealIds, drawableDeals, edgeSpec, MAX_RING, nodeName } from "./chart-parts.js";
import { planRingChart } from "./ring-plan.js";
import { writeSvg } from "./svg-writer.js";
import type { ChartDeal, ChartGraphInfo, ChartPlan } from "./types.js";
import { footnote } from "./wording.js";

export interface CyclesChartOptions {
  /** Draw only the loops through this company, with it in the middle. */
  company?: string;
}

const MAX_NOTES = 8;
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";

/** The company on most loops goes in the middle when it is on more than half of them. */
function pickHub(cycles: readonly Cycle[]): string | null {
  if (cycles.length < 2) return null;
  const counts = new Map<string, number>();
  for (const c of cycles) for (const id of new Set(c.path)) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [id, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (count > bestCount) {
      best = id;
      bestCount = count;
    }
  }
  return bestCount * 2 > cycles.length ? best : null;
}

function loopNote(
  cycle: Cycle,
  i: number,
  deals: ReadonlyMap<string, ChartDeal>,
  companies: ReadonlyMap<string, Company>,
  lang: Lang,
  hub: string | null,
): string {
  // Read every loop from the company in the middle when it is on the loop, so the list lines up.
  const at = hub ? Math.max(0, cycle.path.indexOf(hub)) : 0;
  const path = [...cycle.path.slice(at), ...cycle.path.slice(0, at)];
  const names = [...path, path[0] ?? ""].map((id) => nodeName(id, companies, lang));
  let known = 0;
  let low = 0;
  let high = 0;
  let hidden = 0;
  cycle.deals.forEach((id, k) => {
    const d = deals.get(id) ?? cycle.edges?.[k];
    if (!d?.amount) hidden++;
    else if (d.amount.currency.toUpperCase() === "USD") {
      known++;
      low += d.amount.value;
      high += d.amount.max ?? d.amount.value;
    }
  });
  const mark = CIRCLED[i] ?? `${i + 1}.`;
  const sum =
    high > low
      ? lang === "ko"
        ? `${usdText(low, lang).replace(/ 달러$/, "")}~${usdText(high, lang)}`
        : `${usdText(low, lang)}–${usdText(high, lang)}`
      : usdText(low, lang);
  let money: string;
  if (lang === "ko") {
    money = known ? `공개 금액 ${sum}` : "금액 모두 비공개";
    if (known && hidden) money += `, 비공개 ${hidden}건`;
  } else {
    money = known ? `disclosed ${sum}` : "all amounts undisclosed";
    if (known && hidden) money += `, ${hidden} undisclosed`;
  }
  return `${mark} ${names.join(" → ")}  ·  ${money}`;
}

/** Lays out the cycles chart (exported for layout tests). */
export function planCycles(
  result: CyclesResult,
  info: ChartGraphInfo,
  lang: Lang,
  opts: CyclesChartOptions = {},
): ChartPlan {
  const companies = companyMap(info.companies);
  const filtered = opts.company !== undefined && result.company !== opts.company;
  const all = filtered ? result.cycles.filter((c) => c.path.includes(opts.company as string)) : result.cycles;
  const more = filtered ? 0 : result.more;
  // Loops are drawn in rank order while their companies fit on the ring.
  const cycles: Cycle[] = [];
  const onRing = new Set<string>();
  for (const c of all) {
    const added = c.path.filter((id) => !onRing.has(id));
    if (onRing.size + added.length > MAX_RING + 1) continue;
    cycles.push(c);
    for (const id of added) onRing.add(id);
  }
  const byId = new Map(info.deals.map((d) => [d.id, d]));
  const deals = new Map<string, ChartDeal>();
  const ringOrder: string[] = [];
  for (const cycle of cycles) {
    const edges = new Map((cycle.edges ?? []).map((e) => [e.id, e]));
    for (const id of cycleDealIds(cycle)) {
      const d = byId.get(id) ?? edges.get(id);
      if (d) deals.set(id, d);
    }
    for (const id of cycle.path) if (!ringOrder.includes(id)) ringOrder.push(id);
  }
  const hub = opts.company ?? pickHub(cycles);
  const loopIds = new Set(cycles.flatMap((c) => c.deals));
  const { kept } = drawableDeals([...deals.values()], onRing, loopIds);
  const edges = kept.map((d) => edgeSpec(d, lang, true));

  const shown = cycles.slice(0, MAX_NOTES);
  const notes = shown.map((c, i) => loopNote(c, i, deals, companies, lang, hub));
  // A search stopped at its work limit counted only some loops: its counts are lower bounds.
  const partial = !result.complete;
  const hidden = all.length - shown.length + more;
  if (hidden > 0)
    notes.push(
      lang === "ko"
        ? `외 순환 고리 ${count(hidden)}개${partial ? " 이상" : ""}`
        : `${partial ? "at least " : ""}${count(hidden)} more loop${hidden === 1 ? "" : "s"} not shown`,
    );
  if (cycles.length === 0)
    notes.push(
      partial
        ? lang === "ko"
          ? "탐색 한도 안에서 찾은 순환 고리가 없습니다."
          : "No loops found within the search's work limit."
        : lang === "ko"
          ? "순환 고리가 없습니다."
          : "No circular loops found.",
    );

  const focusName = opts.company ? nodeName(opts.company, companies, lang) : null;
  const title =
    lang === "ko"
      ? focusName
        ? `${focusName} 관련 순환 거래 고리`
        : "AI 업계 순환 거래 고리"
      : focusName
        ? `Circular deals through ${focusName}`
        : "Circular AI deals";
  const n = all.length + more;
  const subtitle =
    lang === "ko"
      ? `순환 고리 ${count(n)}개${partial ? " 이상" : ""} · 기업 ${ringOrder.length}곳 · 거래 ${deals.size}건 · 고리 길이 ${result.max_len}단계 이하`
      : `${partial ? "at least " : ""}${count(n)} loop${n === 1 ? "" : "s"} · ${ringOrder.length} companies · ${deals.size} deals · up to ${result.max_len} steps`;

  return planRingChart({
    lang,
    companies,
    hub,
    ring: ringOrder.filter((id) => id !== hub),
    edges,
    title,
    subtitle,
    notes,
    footnote: footnote(info.asOf, result.include_cancelled, lang),
  });
}

/** SVG of circular deals: each loop's companies on a ring, its deals as arrows coloured by kind. */
export function buildCyclesSvg(
  result: CyclesResult,
  info: ChartGraphInfo,
  lang: Lang,
  opts: CyclesChartOptions = {},
): string {
  return writeSvg(planCycles(result, info, lang, opts));
}
