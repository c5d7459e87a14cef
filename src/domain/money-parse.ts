import { withParticle } from "./korean.js";
import { HANGUL_WORDS, LATIN_WORDS, MULTI_WORDS, SYMBOLS, type Token } from "./money-words.js";
import type { Amount, Qualifier } from "./types.js";

/** How a vague amount was written: 수십억 (tens), 수백억 (hundreds), 수천억 (thousands), 수조 / several billion (several). */
export type Vagueness = "several" | "tens" | "hundreds" | "thousands";

export type MoneyErrorCode =
  | "empty"
  | "no_number"
  | "unknown_word"
  | "bad_number"
  | "two_numbers"
  | "unit_order"
  | "two_currencies"
  | "no_currency"
  | "mixed_currencies"
  | "conflicting_qualifiers"
  | "bad_range"
  | "negative"
  | "not_money";

export type MoneyParse =
  | { ok: true; kind: "money"; amount: Amount; vague?: Vagueness }
  | { ok: true; kind: "shares"; count: number }
  | { ok: true; kind: "capacity"; gw: number }
  | {
      ok: false;
      /** What is wrong, naming the text: `not a number in "lots"`. */
      error: string;
      errorKo: string;
      /** The same about the part that could not be read, without the whole text. */
      reason: { en: string; ko: string };
      code: MoneyErrorCode;
    };

export interface ParseMoneyOptions {
  /** Currency assumed when the text names none (e.g. a CSV amount cell next to a currency column). */
  defaultCurrency?: string;
}

class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
    readonly ko: string,
  ) {
    super(message);
  }
}

const fail = (code: MoneyErrorCode, en: string, ko: string): never => {
  throw new MoneyError(code, en, ko);
};

function tokenize(text: string): Token[] {
  const s = text.toLowerCase();
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    const ws = /^[\s\u00a0]+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const multi = MULTI_WORDS.find(([w]) => rest.startsWith(w) && !/[a-z]/.test(rest.charAt(w.length)));
    if (multi) {
      out.push(multi[1]);
      i += multi[0].length;
      continue;
    }
    const num = /^\d[\d,]*(?:\.\d+)?|^\.\d+/.exec(rest);
    if (num) {
      const raw = num[0].replace(/,$/, "");
      if (raw.includes(",") && !/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw)) {
        fail(
          "bad_number",
          `"${raw}" is not a well-formed number`,
          `${withParticle(`"${raw}"`, "은/는")} 올바른 숫자가 아닙니다`,
        );
      }
      out.push({ t: "num", v: Number(raw.replace(/,/g, "")), raw });
      i += raw.length;
      continue;
    }
    const latin = /^[a-z]+/.exec(rest);
    if (latin) {
      const tok = LATIN_WORDS[latin[0]];
      if (!tok)
        fail(
          "unknown_word",
          `"${latin[0]}" is not a number, unit or currency`,
          `${withParticle(`"${latin[0]}"`, "은/는")} 금액 표현이 아닙니다`,
        );
      out.push(tok as Token);
      i += latin[0].length;
      continue;
    }
    const hangul = /^[\uac00-\ud7a3]+/.exec(rest);
    if (hangul) {
      out.push(...splitHangul(hangul[0]));
      i += hangul[0].length;
      continue;
    }
    const ch = rest.charAt(0);
    if (SYMBOLS[ch]) out.push(SYMBOLS[ch]);
    else if ("~–—-".includes(ch)) out.push({ t: "sep" });
    else if (ch === "." || ch === ",") {
      /* a full stop or a comma after the figure */
    } else
      fail(
        "unknown_word",
        `"${ch}" is not a number, unit or currency`,
        `${withParticle(`"${ch}"`, "은/는")} 금액 표현이 아닙니다`,
      );
    i += 1;
  }
  return out;
}

/** Splits a run of Hangul into known money words, longest first ("억달러" → 억, 달러). */
function splitHangul(run: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < run.length) {
    const hit = HANGUL_WORDS.find(([w]) => run.startsWith(w, i));
    if (!hit)
      fail(
        "unknown_word",
        `"${run}" is not a number, unit or currency`,
        `${withParticle(`"${run}"`, "은/는")} 금액 표현이 아닙니다`,
      );
    out.push((hit as [string, Token])[1]);
    i += (hit as [string, Token])[0].length;
  }
  return out;
}

interface Side {
  value: number;
  max?: number;
  vague?: Vagueness;
  hasUnit: boolean;
  lastUnit: number;
  currency?: string;
  qualifier?: Qualifier;
  shares: boolean;
  gwPer?: number;
}

const isNumberToken = (t: Token) => ["num", "small", "big", "su", "vague", "of"].includes(t.t);

function readSide(tokens: Token[]): Side {
  const side: Side = { value: 0, hasUnit: false, lastUnit: 1, shares: false };
  let numStart = -1;
  let numEnd = -1;
  tokens.forEach((tok, idx) => {
    if (isNumberToken(tok)) {
      if (numEnd !== -1 && numEnd !== idx)
        fail("two_numbers", "two separate numbers; write one amount", "숫자가 두 번 나옵니다. 금액은 하나만 쓰세요");
      if (numStart === -1) numStart = idx;
      numEnd = idx + 1;
    } else if (tok.t === "cur") {
      if (side.currency) fail("two_currencies", "the currency is written twice", "통화 단위가 두 번 쓰였습니다");
      side.currency = tok.code;
    } else if (tok.t === "qpre" || tok.t === "qsuf") {
      if (side.qualifier && side.qualifier !== tok.q)
        fail(
          "conflicting_qualifiers",
          "conflicting words such as 'about' and 'up to'",
          "'약', '최대', '이상'이 함께 쓰였습니다",
        );
      side.qualifier = tok.q;
    } else if (tok.t === "shares") side.shares = true;
    else if (tok.t === "cap") side.gwPer = tok.gwPer;
  });
  if (numStart === -1) fail("no_number", "no number found", "숫자가 없습니다");
  Object.assign(side, evaluate(tokens.slice(numStart, numEnd)));
  return side;
}

/** Evaluates 1억 8천만 / 53억 7500만 / 5.4 b / 수백억 / tens of billions. */
function evaluate(tokens: Token[]): Pick<Side, "value" | "max" | "vague" | "hasUnit" | "lastUnit"> {
  const first = tokens[0];
  if (first?.t === "su" || first?.t === "vague") return evaluateVague(tokens);
  let total = 0;
  let section = 0;
  let cur: number | null = null;
  let lastBig = Number.POSITIVE_INFINITY;
  let hasUnit = false;
  let lastUnit = 1;
  let sawDigits = false;
  for (const tok of tokens) {
    if (tok.t === "num") {
      if (cur !== null) fail("two_numbers", "two numbers in a row", "숫자가 연달아 나옵니다");
      cur = tok.v;
      sawDigits = true;
    } else if (tok.t === "small") {
      section += (cur ?? 1) * tok.v;
      cur = null;
      hasUnit = true;
      lastUnit = tok.v;
    } else if (tok.t === "big") {
      const v = section + (cur ?? 0);
      if (v === 0) fail("no_number", "a unit without a number", "단위 앞에 숫자가 없습니다");
      if (tok.v >= lastBig)
        fail("unit_order", "units out of order (조 before 억 before 만)", "단위 순서가 잘못됐습니다 (조 → 억 → 만)");
      total += v * tok.v;
      lastBig = tok.v;
      section = 0;
      cur = null;
      hasUnit = true;
      lastUnit = tok.v;
    } else fail("bad_number", "not a number", "숫자가 아닙니다");
  }
  total += section + (cur ?? 0);
  if (!sawDigits && !hasUnit) fail("no_number", "no number found", "숫자가 없습니다");
  return { value: clean(total), hasUnit, lastUnit };
}

function evaluateVague(all: Token[]): Pick<Side, "value" | "max" | "vague" | "hasUnit" | "lastUnit"> {
  const tokens = all.filter((t) => t.t !== "of");
  const [a, b] = tokens;
  if (a?.t === "su") {
    // 수백억: 100억–1,000억; 수조: 1조–10조
    let scale = 1;
    let vague: Vagueness = "several";
    let rest = tokens.slice(1);
    if (b?.t === "small") {
      scale = b.v;
      vague = b.v === 10 ? "tens" : b.v === 100 ? "hundreds" : "thousands";
      rest = tokens.slice(2);
    }
    const big = rest[0];
    if (rest.length > 1 || (big && big.t !== "big"))
      fail("bad_number", "a vague amount such as 수백억 takes one unit", "수백억처럼 단위는 하나만 씁니다");
    const unit = big?.t === "big" ? big.v : 1;
    if (scale === 1 && unit === 1) fail("no_number", "no number found", "숫자가 없습니다");
    return { value: clean(scale * unit), max: clean(scale * unit * 10), vague, hasUnit: true, lastUnit: unit };
  }
  if (a?.t === "vague") {
    // tens of billions / several billion
    const unitTok = b;
    if (unitTok?.t !== "big" || tokens.length > 2)
      fail("bad_number", "write e.g. 'tens of billions'", "예: 'tens of billions'");
    const unit = (unitTok as { v: number }).v;
    return { value: clean(a.mult * unit), max: clean(a.mult * unit * 10), vague: a.v, hasUnit: true, lastUnit: unit };
  }
  return fail("bad_number", "not a number", "숫자가 아닙니다");
}

const clean = (n: number) => Number(n.toPrecision(12));

function parseTokens(tokens: Token[], opts: ParseMoneyOptions): MoneyParse {
  // A leading "~" means "about"; any other separator splits a range.
  if (tokens[0]?.t === "sep") tokens[0] = { t: "qpre", q: "approx" };
  const seps = tokens.flatMap((t, i) => (t.t === "sep" ? [i] : []));
  if (seps.length > 1)
    fail("bad_range", "a range has one separator, as in 5조~7조", "범위는 '5조~7조'처럼 한 번만 나눕니다");
  const sides = seps.length === 1 ? [tokens.slice(0, seps[0]), tokens.slice((seps[0] as number) + 1)] : [tokens];
  const [lo, hi] = sides.map(readSide) as [Side, Side | undefined];
  if (hi) {
    if (lo.vague || hi.vague)
      fail("bad_range", "a vague amount cannot be part of a range", "'수백억' 같은 표현은 범위에 쓸 수 없습니다");
    if (!lo.hasUnit && hi.hasUnit) lo.value = clean(lo.value * hi.lastUnit); // 5~7조, $5-7B
    if (lo.currency && hi.currency && lo.currency !== hi.currency)
      fail("mixed_currencies", "the two ends of the range are in different currencies", "범위 양쪽의 통화가 다릅니다");
    if (hi.value <= lo.value)
      fail("bad_range", "the range's high end must be above its low end", "범위의 끝이 시작보다 커야 합니다");
  }
  const shares = lo.shares || hi?.shares;
  const gwPer = lo.gwPer ?? hi?.gwPer;
  const currency = lo.currency ?? hi?.currency;
  if (shares || gwPer !== undefined) {
    if (currency)
      fail("not_money", "shares and capacity cannot carry a currency", "주식 수나 용량에는 통화를 붙이지 않습니다");
    if (hi)
      fail("bad_range", "a range of shares or capacity is not supported", "주식 수나 용량은 범위로 쓸 수 없습니다");
    return shares
      ? { ok: true, kind: "shares", count: lo.value }
      : { ok: true, kind: "capacity", gw: clean(lo.value * (gwPer ?? 1)) };
  }
  const code = currency ?? opts.defaultCurrency?.toUpperCase();
  if (!code)
    fail(
      "no_currency",
      "no currency; add one such as $, USD, 달러 or 원",
      "통화가 없습니다. 달러, 원, $, USD 등을 붙이세요",
    );
  let amount: Amount;
  if (hi) amount = { value: lo.value, max: hi.value, currency: code as string, qualifier: "range" };
  else if (lo.max !== undefined)
    amount = { value: lo.value, max: lo.max, currency: code as string, qualifier: "range" };
  else amount = { value: lo.value, currency: code as string, qualifier: lo.qualifier ?? "exact" };
  return lo.vague ? { ok: true, kind: "money", amount, vague: lo.vague } : { ok: true, kind: "money", amount };
}

/**
 * Parses money written in Korean or English (`1,000억 달러`, `약 139조 원`, `수백억 달러`, `$5.4B`,
 * `up to $100B`, `$10B–$100B`), or recognises shares (`1억 6천만 주`) and capacity (`10GW`).
 * A trailing conversion in parentheses (`1,000억 달러(약 145조 원)`) is ignored. Never throws.
 */
export function parseMoney(text: string, opts: ParseMoneyOptions = {}): MoneyParse {
  const norm = text.normalize("NFKC").trim();
  if (norm === "") {
    const reason = { en: "no amount given", ko: "금액이 비어 있습니다" };
    return { ok: false, code: "empty", error: reason.en, errorKo: reason.ko, reason };
  }
  const paren = /^(.*\S)\s*\(([^()]*)\)\s*$/.exec(norm);
  const body = paren?.[1] ?? norm;
  try {
    if (/^-\s*[\d$₩€¥£]/.test(body)) fail("negative", "amounts cannot be negative", "금액은 음수일 수 없습니다");
    return parseTokens(tokenize(body), opts);
  } catch (e) {
    if (e instanceof MoneyError) {
      return {
        ok: false,
        code: e.code,
        error: `${e.message} in "${norm}"`,
        errorKo: `"${norm}": ${e.ko}`,
        reason: { en: e.message, ko: e.ko },
      };
    }
    throw e;
  }
}
