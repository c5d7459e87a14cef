/** Every word a chart prints, in Korean and English. */
import type { DealKind, DealStatus, Lang } from "../domain/types.js";

export const KIND_WORDS: Record<DealKind, Record<Lang, string>> = {
  investment: { ko: "투자", en: "investment" },
  funding_round: { ko: "투자 유치", en: "funding round" },
  acquisition: { ko: "인수", en: "acquisition" },
  purchase: { ko: "구매", en: "purchase" },
  warrant: { ko: "워런트", en: "warrant" },
  loan: { ko: "대출", en: "loan" },
  partnership: { ko: "제휴", en: "partnership" },
};

/** Status words shown next to the kind only when the deal is not firm. */
const SHAKY_STATUS_WORDS: Partial<Record<DealStatus, Record<Lang, string>>> = {
  rumored: { ko: "추진설", en: "rumored" },
  stalled: { ko: "협상 난항", en: "stalled" },
  cancelled: { ko: "무산", en: "called off" },
};

/** Statuses drawn with a dashed arrow: not (yet) a firm commitment. */
export const DASHED_STATUSES: ReadonlySet<DealStatus> = new Set(["rumored", "stalled", "cancelled"]);

const ROLE_WORDS: Record<string, Record<Lang, string>> = {
  chipmaker: { ko: "반도체", en: "chipmaker" },
  "ai-lab": { ko: "AI 개발사", en: "AI lab" },
  cloud: { ko: "클라우드", en: "cloud" },
  investor: { ko: "투자사", en: "investor" },
  foundry: { ko: "파운드리", en: "foundry" },
  software: { ko: "소프트웨어", en: "software" },
  industrial: { ko: "산업재", en: "industrial" },
  venture: { ko: "신규 사업", en: "venture" },
};

export function roleWord(role: string, lang: Lang): string {
  return ROLE_WORDS[role]?.[lang] ?? role;
}

/** The small second line of an arrow label: kind, plus the status when the deal is not firm. */
export function kindLine(kind: DealKind, status: DealStatus, lang: Lang): string {
  const shaky = SHAKY_STATUS_WORDS[status]?.[lang];
  const word = KIND_WORDS[kind][lang];
  return shaky ? `${word} · ${shaky}` : word;
}

export const UNDISCLOSED_INVESTORS: Record<Lang, string> = { ko: "비공개 투자자", en: "Undisclosed investors" };

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026년 2월 4일` / `Feb 4, 2026` from `YYYY-MM-DD`. */
export function dataDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (lang === "ko") return `${Number(y)}년 ${Number(mo)}월 ${Number(d)}일`;
  return `${EN_MONTHS[Number(mo) - 1] ?? mo} ${Number(d)}, ${y}`;
}

export const LEGEND_WORDS = {
  loop: { ko: "순환 고리", en: "Circular loop" },
  dashed: { ko: "점선: 추진설·협상 난항·무산", en: "Dashed: rumored, stalled or called off" },
} satisfies Record<string, Record<Lang, string>>;

export function footnote(asOf: string, includeCancelled: boolean, lang: Lang): string {
  if (lang === "ko") {
    const cancelled = includeCancelled ? "무산된 거래 포함" : "무산된 거래 제외";
    return `${dataDate(asOf, lang)} 기준 · ${cancelled} · 화살표는 돈(지분)이 가는 방향 · 자료: dealgraph`;
  }
  const cancelled = includeCancelled ? "Cancelled deals included" : "Cancelled deals left out";
  return `Data as of ${dataDate(asOf, lang)} · ${cancelled} · Arrows point the way money (or equity) flows · Source: dealgraph`;
}
