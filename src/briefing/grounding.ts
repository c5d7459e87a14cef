/**
 * The check a written summary must pass before it opens a digest (SPEC §5): every money figure and
 * every other number must come from the events, and every company it names must be one of theirs.
 */
import { companyKey } from "../domain/company-resolver.js";
import { formatMoney, parseMoney } from "../domain/money.js";
import type { Amount, Company, DealKind, DealStatus, DealTerms, EventType, Lang } from "../domain/types.js";
import { COMMON_CAPITALISED, WELL_KNOWN_COMPANIES } from "./grounding-words.js";

export interface LeadCompany {
  id: string;
  name: { en: string; ko: string };
  aliases?: string[];
}

/** One event of the digest, with everything the summary may say about it. */
export interface LeadEvent {
  type: EventType;
  dealId: string;
  kind: DealKind;
  from: LeadCompany | null;
  to: LeadCompany;
  status: DealStatus;
  /** status_changed: the status before. */
  oldStatus?: DealStatus;
  amount: Amount | null;
  amountUsd: number | null;
  /** amount_changed: the amount before. */
  oldAmount?: Amount | null;
  oldAmountUsd?: number | null;
  terms?: DealTerms;
  title?: { en?: string; ko?: string };
  observedOn: string;
  publisher?: string;
}

export interface LeadFacts {
  events: LeadEvent[];
  /** The digest's closing totals: disclosed USD and the count of undisclosed amounts. */
  totalUsd: number;
  undisclosed: number;
  /** Circular loops the events touched, as company paths. */
  loops?: LeadCompany[][];
  /** KRW per USD used for Korean conversions, when known. */
  usdKrw?: number | null;
  /** Every company the store knows, to catch a summary that names one outside the events. */
  knownCompanies?: Company[];
}

export type Grounding = { ok: true } | { ok: false; reason: string };

const EN_MONEY =
  /(?:US\$|\$|USD|KRW|EUR|JPY|₩|€)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:trillion|billion|million|thousand|tn|bn|mn|[TBMK])\b)?(?:\s?[–—-]\s?(?:US\$|\$|₩|€)?\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:trillion|billion|million|thousand|tn|bn|mn|[TBMK])\b)?)?|\d[\d,]*(?:\.\d+)?\s?(?:trillion|billion|million)\s(?:dollars|won|euros)|(?:tens|hundreds) of (?:billions|millions) of dollars/gi;
const NUM = String.raw`\d[\d,]*(?:\.\d+)?`;
/** 53억 7,500만 / 1억 8천만 / 1000억: a number, then unit groups each optionally followed by the next number. */
const KO_NUM = String.raw`${NUM}(?:\s?[조억만천백십]+(?:\s?${NUM}(?=\s?[조억만천백십]))?)*`;
const KO_MONEY = new RegExp(
  String.raw`(?:수[십백천]?[조억만]|${KO_NUM}(?:\s?~\s?${KO_NUM})?)\s?(?:달러|원|유로|엔(?!비)|위안)`,
  "g",
);
const NUMBER = new RegExp(KO_NUM, "g");

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(Math.abs(b), 1e-9);

/** Same figure once the formatter's rounding is allowed for (`$5.4B` for 5.375e9). */
function sameFigure(said: number, fact: number, currency: string): boolean {
  if (close(said, fact, 0.01)) return true;
  const shown = (v: number) => formatMoney({ value: v, currency, qualifier: "exact" }, "en");
  return shown(said) === shown(fact);
}

interface Figure {
  value: number;
  currency: string;
}

function factFigures(facts: LeadFacts): Figure[] {
  const out: Figure[] = [];
  const add = (value: number | null | undefined, currency = "USD") => {
    if (typeof value === "number" && Number.isFinite(value) && value > 0) out.push({ value, currency });
  };
  const addAmount = (a: Amount | null | undefined, usd: number | null | undefined) => {
    if (!a) return;
    add(a.value, a.currency);
    add(a.max, a.currency);
    add(usd);
    if (usd && a.max && a.value) add((usd * a.max) / a.value);
  };
  const perDeal = new Map<string, number>();
  for (const e of facts.events) {
    addAmount(e.amount, e.amountUsd);
    addAmount(e.oldAmount, e.oldAmountUsd);
    add(e.terms?.valuation_usd);
    if (e.amount && e.oldAmount && e.amountUsd && e.oldAmountUsd) add(Math.abs(e.oldAmountUsd - e.amountUsd));
    if (e.amountUsd !== null) perDeal.set(e.dealId, e.amountUsd);
  }
  add(facts.totalUsd);
  add([...perDeal.values()].reduce((a, b) => a + b, 0)); // the deals' combined size
  return out;
}

function moneyMatches(said: Amount, figures: Figure[], usdKrw: number | null | undefined): boolean {
  const ends = said.max !== undefined ? [said.value, said.max] : [said.value];
  return ends.every((v) =>
    figures.some((f) => {
      if (f.currency === said.currency && sameFigure(v, f.value, f.currency)) return true;
      // a converted figure (약 145조 원 for $100B): compare in dollars, allowing the conversion's rounding
      if (usdKrw && f.currency === "USD" && said.currency === "KRW") return close(v / usdKrw, f.value, 0.03);
      if (usdKrw && f.currency === "KRW" && said.currency === "USD") return close(v * usdKrw, f.value, 0.03);
      return false;
    }),
  );
}

function plainNumbers(facts: LeadFacts): Set<number> {
  const out = new Set<number>([facts.events.length, facts.undisclosed]);
  const byType = new Map<string, number>();
  for (const e of facts.events) {
    byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    const [y, m, d] = e.observedOn.split("-").map(Number);
    for (const n of [y, m, d]) if (n !== undefined) out.add(n);
    for (const n of [e.terms?.capacity_gw, e.terms?.shares, e.terms?.stake_pct]) if (n !== undefined) out.add(n);
    for (const c of [e.from, e.to]) for (const n of (c?.name.en ?? "").match(/\d+/g) ?? []) out.add(Number(n));
  }
  for (const n of byType.values()) out.add(n);
  for (const loop of facts.loops ?? []) out.add(loop.length);
  out.add((facts.loops ?? []).length);
  return out;
}

function companyNames(c: LeadCompany | Company): string[] {
  return [c.name.en, c.name.ko, ...(c.aliases ?? [])].filter((n) => n.trim().length >= 2);
}

function mentions(summary: string, name: string): boolean {
  if (/[\uac00-\ud7a3]/.test(name)) return summary.includes(name); // Korean particles attach directly
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const flags = /^[A-Z0-9]+$/.test(name) ? "" : "i"; // acronyms (MS, AWS) only in capitals
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, flags).test(summary);
}

function checkCompanies(summary: string, facts: LeadFacts): Grounding {
  const allowed = new Map<string, LeadCompany>();
  for (const e of facts.events) for (const c of [e.from, e.to]) if (c) allowed.set(c.id, c);
  for (const loop of facts.loops ?? []) for (const c of loop) allowed.set(c.id, c);
  const others: { id: string; names: string[] }[] = [
    ...(facts.knownCompanies ?? []).map((c) => ({ id: c.id, names: companyNames(c) })),
    ...WELL_KNOWN_COMPANIES.map((c, i) => ({ id: `well-known:${i}`, names: c })),
  ];
  const allowedKeys = new Set([...allowed.values()].flatMap(companyNames).map(companyKey));
  for (const o of others) {
    if (allowed.has(o.id) || o.names.some((n) => allowedKeys.has(companyKey(n)))) continue;
    const hit = o.names.find((n) => mentions(summary, n));
    if (hit) return { ok: false, reason: `names a company not in the events: ${hit}` };
  }
  // Capitalised Latin words that are neither an event company's, a source's, nor ordinary words
  const allowedWords = new Set<string>();
  for (const n of [...allowed.values()].flatMap(companyNames))
    for (const w of n.split(/[^A-Za-z0-9]+/)) allowedWords.add(w.toLowerCase());
  for (const e of facts.events)
    for (const w of (e.publisher ?? "").split(/[^A-Za-z0-9]+/)) allowedWords.add(w.toLowerCase());
  for (const m of summary.matchAll(/(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9&]*/g)) {
    const word = m[0];
    const lower = word.toLowerCase();
    const capitalised = /[A-Z]/.test(word) || /\d/.test(word);
    if (!capitalised || allowedWords.has(lower) || COMMON_CAPITALISED.has(lower)) continue;
    const sentenceStart = /(^|[.!?]\s+|\n\s*)$/.test(summary.slice(0, m.index));
    if (sentenceStart && /^[A-Z][a-z]+$/.test(word) && COMMON_CAPITALISED.has(lower.replace(/s$/, ""))) continue;
    return { ok: false, reason: `names something not in the events: ${word}` };
  }
  return { ok: true };
}

/**
 * Checks a summary against the digest's facts. Money is found and read with the project's parser
 * (Korean or English) and must equal an amount or total of the events within the formatter's
 * rounding; other numbers must be counts, dates, capacities or stakes of the events.
 */
export function checkGrounding(summary: string, facts: LeadFacts, lang: Lang): Grounding {
  const text = summary.normalize("NFKC").trim();
  if (text === "") return { ok: false, reason: "empty summary" };
  if (text.length > 1200) return { ok: false, reason: "summary too long" };
  if (/@everyone|@here|<!|<@|<#|https?:\/\//i.test(text))
    return { ok: false, reason: "summary contains a mention or link" };
  const hangul = /[\uac00-\ud7a3]/.test(text);
  if (lang === "ko" && !hangul) return { ok: false, reason: "summary is not in Korean" };
  if (lang === "en" && hangul) return { ok: false, reason: "summary is not in English" };

  const figures = factFigures(facts);
  let rest = text;
  for (const re of [EN_MONEY, KO_MONEY]) {
    for (const m of rest.matchAll(re)) {
      const parsed = parseMoney(m[0]);
      if (!parsed.ok || parsed.kind !== "money") return { ok: false, reason: `unreadable amount: ${m[0]}` };
      if (!moneyMatches(parsed.amount, figures, facts.usdKrw))
        return { ok: false, reason: `amount not in the events: ${m[0]}` };
    }
    rest = rest.replace(re, " ");
  }
  const allowedNumbers = plainNumbers(facts);
  for (const m of rest.matchAll(NUMBER)) {
    const raw = m[0].trim().replace(/,+$/, "");
    const before = rest.slice(Math.max(0, (m.index ?? 0) - 1), m.index);
    if (/[A-Za-z]/.test(before)) continue; // part of a name such as n8n or GPT-4
    const parsed = parseMoney(`${raw} 주`);
    const n = parsed.ok && parsed.kind === "shares" ? parsed.count : Number.NaN;
    if (![...allowedNumbers].some((a) => close(n, a, 0.005)))
      return { ok: false, reason: `number not in the events: ${raw}` };
  }
  return checkCompanies(text, facts);
}
