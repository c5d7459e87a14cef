import type { FxTable } from "./fx.js";
import type { Amount, Lang } from "./types.js";

export interface FormatMoneyOptions {
  /** With a table, Korean shows USD amounts with a won conversion and other currencies with a dollar one; English converts non-USD to USD. */
  fx?: FxTable;
  /** The date whose rate applies (YYYY-MM-DD); default: the latest rate. */
  on?: string;
  /** "short" leaves the conversion out. */
  style?: "short" | "long";
  /** The source wrote the range vaguely: write a one-decade range as `수백억 달러 규모` / `tens of billions of dollars`. */
  vague?: boolean;
}

const KO_VAGUE: Record<number, string> = {
  1e5: "수십만",
  1e6: "수백만",
  1e7: "수천만",
  1e8: "수억",
  1e9: "수십억",
  1e10: "수백억",
  1e11: "수천억",
  1e12: "수조",
  1e13: "수십조",
};
const EN_VAGUE: Record<number, string> = {
  1e6: "several million",
  1e7: "tens of millions of",
  1e8: "hundreds of millions of",
  1e9: "several billion",
  1e10: "tens of billions of",
  1e11: "hundreds of billions of",
  1e12: "several trillion",
};
const EN_VAGUE_UNIT: Record<string, string> = { USD: "dollars", KRW: "won", EUR: "euros", JPY: "yen" };

/** `수백억 달러 규모` for a range of 100억–1,000억 the source called 수백억; null when the range is not one decade. */
function vagueText(a: Amount, currency: string, lang: Lang): string | null {
  if (a.qualifier !== "range" || a.max === undefined || a.max !== a.value * 10) return null;
  if (lang === "ko") {
    const word = KO_VAGUE[a.value];
    return word ? `${word} ${KO_CURRENCY[currency] ?? currency} 규모` : null;
  }
  const word = EN_VAGUE[a.value];
  const unit = EN_VAGUE_UNIT[currency];
  return word && unit ? `${word} ${unit}`.replace(" of of ", " of ") : null;
}

const KO_UNITS: [number, string][] = [
  [1e16, "경"],
  [1e12, "조"],
  [1e8, "억"],
  [1e4, "만"],
];
const KO_CURRENCY: Record<string, string> = {
  USD: "달러",
  KRW: "원",
  JPY: "엔",
  EUR: "유로",
  CNY: "위안",
  GBP: "파운드",
};
const EN_UNITS: [number, string][] = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "K"],
];

// Building an Intl.NumberFormat is costly; digests format hundreds of amounts, so keep one per precision.
const digitFormats = new Map<number, Intl.NumberFormat>();
/** A figure with thousands separators, as both languages write it: `214,083,471`, `5.4` (up to `maxFraction` decimals). */
export function groupDigits(n: number, maxFraction = 0): string {
  let format = digitFormats.get(maxFraction);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { maximumFractionDigits: maxFraction, useGrouping: true });
    digitFormats.set(maxFraction, format);
  }
  return format.format(n);
}

/** Korean 만/억/조/경 groups with thousands separators inside a group: 537500만 → `53억 7,500만`. */
function koGroups(n: number): string {
  if (n < 1e4) return groupDigits(n, 2);
  const parts: string[] = [];
  let rest = Math.round(n);
  for (const [unit, word] of KO_UNITS) {
    const g = Math.floor(rest / unit);
    if (g > 0) parts.push(`${groupDigits(g)}${word}`);
    rest -= g * unit;
  }
  if (rest > 0) parts.push(groupDigits(rest));
  return parts.join(" ");
}

const koTopUnit = (n: number) => KO_UNITS.find(([u]) => n >= u)?.[0] ?? 1;

/** A figure as written in Korean, kept to its two leading groups (53억 7,500만; 1조 2,346억). */
export function koreanNumber(n: number): string {
  const top = koTopUnit(n);
  const step = top >= 1e4 ? top / 1e4 : 1;
  return koGroups(step >= 1 ? Math.round(n / step) * step : n);
}

/** A converted figure, rounded as a reader expects after `약`: 145조, 8,300만, 7조 8,000억, 1경 200조. */
function koreanApprox(n: number): string {
  const top = koTopUnit(n);
  const v = n / top;
  // Rounded at a step of the unit, not as v × 100: 1.015경 is 101.5 steps of 100조, where v × 100 is 101.4999….
  const step = v >= 1000 ? top * 100 : v >= 10 || top === 1 ? top : top / 100;
  return koGroups(Math.round(n / step) * step);
}

function enNumber(n: number, approx: boolean): string {
  for (const [unit, suffix] of EN_UNITS) {
    if (n >= unit * 0.9995) {
      const v = n / unit;
      const digits = v >= 100 || (approx && v >= 10) ? 0 : 1;
      const r = Number(v.toFixed(digits));
      if (r >= 1000 && unit < 1e12) continue; // 999.96M → 1,000M: step up to B
      return `${groupDigits(r, digits)}${suffix}`;
    }
  }
  return groupDigits(n, 2);
}

function koMoney(value: number, currency: string, approx = false): string {
  const num = approx ? koreanApprox(value) : koreanNumber(value);
  const word = KO_CURRENCY[currency];
  return word ? `${num} ${word}` : `${num} ${currency}`;
}

function enMoney(value: number, currency: string, approx = false): string {
  const num = enNumber(value, approx);
  return currency === "USD" ? `$${num}` : `${currency} ${num}`;
}

function koBody(currency: string, values: number[], approx: boolean): string {
  const [lo, hi] = values as [number, number | undefined];
  if (hi !== undefined) {
    const loText = approx ? koreanApprox(lo) : koreanNumber(lo);
    return `${loText}~${koMoney(hi, currency, approx)}`;
  }
  return koMoney(lo, currency, approx);
}

function enBody(currency: string, values: number[], approx: boolean): string {
  const [lo, hi] = values as [number, number | undefined];
  if (hi === undefined) return enMoney(lo, currency, approx);
  return currency === "USD"
    ? `${enMoney(lo, currency, approx)}–${enMoney(hi, currency, approx)}`
    : `${currency} ${enNumber(lo, approx)}–${enNumber(hi, approx)}`;
}

function conversion(a: Amount, lang: Lang, opts: FormatMoneyOptions): { currency: string; values: number[] } | null {
  if (!opts.fx || opts.style === "short") return null;
  const on = opts.on ?? "9999-12-31";
  const target = lang === "ko" ? (a.currency === "KRW" ? "USD" : "KRW") : "USD";
  if (target === a.currency) return null;
  const raw = a.qualifier === "range" && a.max !== undefined ? [a.value, a.max] : [a.value];
  const values: number[] = [];
  for (const v of raw) {
    const usd = opts.fx.toUsd(v, a.currency, on);
    const out = usd === null ? null : opts.fx.usdTo(usd, target, on);
    if (out === null) return null;
    values.push(out);
  }
  return { currency: target, values };
}

/**
 * Formats an amount in the language's house style (LANGUAGE.md): Korean `1,000억 달러(약 145조 원)`,
 * `최대 …`, `약 …`, `… 이상`, `100억~1,000억 달러`, `금액 비공개`; English `$5.4B`, `up to $100B`,
 * `about $300M`, `at least $1B`, `$10B–$100B`, `KRW 120B (about $83M)`, `undisclosed`.
 */
export function formatMoney(amount: Amount | null, lang: Lang, opts: FormatMoneyOptions = {}): string {
  if (!amount) return lang === "ko" ? "금액 비공개" : "undisclosed";
  const currency = amount.currency.toUpperCase();
  const values = amount.qualifier === "range" && amount.max !== undefined ? [amount.value, amount.max] : [amount.value];
  const vague = opts.vague ? vagueText(amount, currency, lang) : null;
  if (vague) return vague;
  const conv = conversion({ ...amount, currency }, lang, opts);
  if (lang === "ko") {
    const body = koBody(currency, values, false);
    const tail = conv ? `(약 ${koBody(conv.currency, conv.values, true)})` : "";
    switch (amount.qualifier) {
      case "up_to":
        return `최대 ${body}${tail}`;
      case "approx":
        return `약 ${body}${tail}`;
      case "at_least":
        return `${body} 이상${tail}`;
      default:
        return `${body}${tail}`;
    }
  }
  const body = enBody(currency, values, false);
  const tail = conv ? ` (about ${enBody(conv.currency, conv.values, true)})` : "";
  const prefix = { up_to: "up to ", approx: "about ", at_least: "at least ", exact: "", range: "" }[amount.qualifier];
  return `${prefix}${body}${tail}`;
}

/** A plain USD figure (a total) in the language's style, with the won conversion in Korean when a table is given. */
export function formatUsd(usd: number, lang: Lang, opts: FormatMoneyOptions = {}): string {
  return formatMoney({ value: usd, currency: "USD", qualifier: "exact" }, lang, opts);
}
