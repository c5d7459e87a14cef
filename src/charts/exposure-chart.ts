/** The exposure chart: one company in the middle, its counterparties around it, its loops highlighted. */
import type { ExposureResult, Totals } from "../analytics/types.js";
import { groupDigits as count } from "../domain/money.js";
import type { Lang } from "../domain/types.js";
import { usdText } from "./amount-text.js";
import {
  companyMap,
  cycleDealIds,
  drawableDeals,
  edgeSpec,
  MAX_RING,
  nodeName,
  UNDISCLOSED_ID,
} from "./chart-parts.js";
import { planRingChart } from "./ring-plan.js";
import { writeSvg } from "./svg-writer.js";
import type { ChartDeal, ChartGraphInfo, ChartPlan } from "./types.js";
import { footnote } from "./wording.js";

/** `220억 달러(비공개 1건 별도)` / `$22B (+1 undisclosed)`; a range when the maxima differ. */
export function totalsText(t: Totals, lang: Lang): string {
  const known = t.deals - t.undisclosed - t.unconverted;
  let money = "";
  if (known > 0) {
    money =
      t.total_usd_max > t.total_usd
        ? lang === "ko"
          ? `${usdText(t.total_usd, lang).replace(/ 달러$/, "")}~${usdText(t.total_usd_max, lang)}`
          : `${usdText(t.total_usd, lang)}–${usdText(t.total_usd_max, lang)}`
        : usdText(t.total_usd, lang);
  }
  if (t.undisclosed === 0) return money || (lang === "ko" ? "없음" : "none");
  if (!money)
    return lang === "ko"
      ? `금액 비공개 ${count(t.undisclosed)}건`
      : `${count(t.undisclosed)} undisclosed deal${t.undisclosed === 1 ? "" : "s"}`;
  return lang === "ko"
    ? `${money}(비공개 ${count(t.undisclosed)}건 별도)`
    : `${money} (+${count(t.undisclosed)} undisclosed)`;
}

function subtitle(result: ExposureResult, lang: Lang): string {
  const loops = result.cycles.length + result.cycles_more;
  // A loop walk stopped at its work limit counted only some loops; circular exposure is exact all the same.
  const partial = !result.cycles_complete;
  const circular = loops > 0 || result.circular.deals > 0;
  const parties = result.counterparties.length + (result.counterparties_more ?? 0);
  // With no named counterparty (only undisclosed investors), count the deals instead.
  const deals = result.inflows.deals + result.outflows.deals;
  if (lang === "ko") {
    const parts = [
      parties > 0 ? `거래 상대 ${count(parties)}곳` : `거래 ${count(deals)}건`,
      partial && loops === 0
        ? "탐색 한도 안에서 찾은 순환 고리 없음"
        : `순환 고리 ${count(loops)}개${partial ? " 이상" : ""}`,
    ];
    if (circular) parts.push(`순환 노출 ${totalsText(result.circular, lang)}`);
    return parts.join(" · ");
  }
  const parts = [
    parties > 0
      ? `${count(parties)} counterpart${parties === 1 ? "y" : "ies"}`
      : `${count(deals)} deal${deals === 1 ? "" : "s"}`,
    partial && loops === 0
      ? "no circular loops found within the search limit"
      : `${partial ? "at least " : ""}${count(loops)} circular loop${loops === 1 ? "" : "s"}`,
  ];
  if (circular) parts.push(`circular exposure ${totalsText(result.circular, lang)}`);
  return parts.join(" · ");
}

function collectDeals(result: ExposureResult, info: ChartGraphInfo): { deals: ChartDeal[]; loop: Set<string> } {
  const focus = result.company;
  const byId = new Map(info.deals.map((d) => [d.id, d]));
  const loop = new Set<string>();
  const deals = new Map<string, ChartDeal>();
  for (const d of info.deals) {
    if (d.from !== focus && d.to !== focus) continue;
    if (d.status === "cancelled" && !result.include_cancelled) continue;
    deals.set(d.id, d);
  }
  for (const cycle of result.cycles) {
    const edges = new Map((cycle.edges ?? []).map((e) => [e.id, e]));
    for (const id of cycleDealIds(cycle)) {
      loop.add(id);
      const d = byId.get(id) ?? edges.get(id);
      if (d) deals.set(id, d);
    }
  }
  return { deals: [...deals.values()], loop };
}

/** Lays out the exposure chart of `result.company` (exported for layout tests). */
export function planExposure(result: ExposureResult, info: ChartGraphInfo, lang: Lang): ChartPlan {
  const companies = companyMap(info.companies);
  const focus = result.company;
  const { deals, loop } = collectDeals(result, info);

  // Ring order of preference: companies on loops, then counterparties by size, then the rest.
  const candidates: string[] = [];
  const seen = new Set([focus]);
  const add = (id: string): void => {
    if (!seen.has(id)) {
      seen.add(id);
      candidates.push(id);
    }
  };
  const ends = new Set<string>();
  for (const d of deals) {
    ends.add(d.from ?? UNDISCLOSED_ID);
    ends.add(d.to);
  }
  for (const c of result.cycles) for (const id of c.path) add(id);
  for (const cp of result.counterparties) if (ends.has(cp.company)) add(cp.company);
  for (const id of [...ends].sort((a, b) => (a === UNDISCLOSED_ID ? 1 : b === UNDISCLOSED_ID ? -1 : a < b ? -1 : 1)))
    add(id);
  const ring = candidates.slice(0, MAX_RING);
  const { kept, left } = drawableDeals(deals, new Set([focus, ...ring]), loop);
  const edges = kept.map((d) => edgeSpec(d, lang, loop.has(d.id)));
  const notes: string[] = [];
  if (left > 0) {
    const parties = candidates.length - ring.length;
    notes.push(
      lang === "ko"
        ? `그림에서 생략: 거래 ${count(left)}건${parties > 0 ? `(거래 상대 ${count(parties)}곳 포함)` : ""} · 합계에는 반영`
        : `Not drawn: ${count(left)} deal${left === 1 ? "" : "s"}${parties > 0 ? ` (with ${count(parties)} more counterparties)` : ""}; counted in the totals`,
    );
  }

  const name = nodeName(focus, companies, lang);
  const hasLoops = result.cycles.length > 0;
  const title =
    lang === "ko"
      ? `${name} 자금 흐름${hasLoops ? "과 순환 고리" : ""}`
      : `${name}: money flows${hasLoops ? " and circular loops" : ""}`;
  return planRingChart({
    lang,
    companies,
    hub: focus,
    ring,
    edges,
    title,
    subtitle: subtitle(result, lang),
    notes,
    footnote: footnote(info.asOf, result.include_cancelled, lang),
  });
}

/** SVG of a company's money flows: counterparties around it, deals as arrows, loops through it highlighted. */
export function buildExposureSvg(result: ExposureResult, info: ChartGraphInfo, lang: Lang): string {
  return writeSvg(planExposure(result, info, lang));
}
