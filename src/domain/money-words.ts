/** Words, symbols and units the money parser knows, as tokens. */

import type { Vagueness } from "./money-parse.js";
import type { Qualifier } from "./types.js";

export type Token =
  | { t: "num"; v: number; raw: string }
  | { t: "small"; v: number } // 십 백 천
  | { t: "big"; v: number } // 만 억 조, thousand/million/billion/trillion
  | { t: "cur"; code: string }
  | { t: "qpre"; q: Qualifier }
  | { t: "qsuf"; q: Qualifier }
  | { t: "sep" }
  | { t: "su" } // 수 in 수백억
  | { t: "vague"; v: Vagueness; mult: number }
  | { t: "of" }
  | { t: "shares" }
  | { t: "cap"; gwPer: number }
  | { t: "filler" };

export const HANGUL_WORDS: [string, Token][] = [
  ["기가와트", { t: "cap", gwPer: 1 }],
  ["메가와트", { t: "cap", gwPer: 0.001 }],
  ["파운드", { t: "cur", code: "GBP" }],
  ["달러", { t: "cur", code: "USD" }],
  // 弗: dollars, as headlines still write them (100억불)
  ["불", { t: "cur", code: "USD" }],
  ["유로", { t: "cur", code: "EUR" }],
  ["위안", { t: "cur", code: "CNY" }],
  ["대략", { t: "qpre", q: "approx" }],
  ["최대", { t: "qpre", q: "up_to" }],
  ["최소", { t: "qpre", q: "at_least" }],
  ["이상", { t: "qsuf", q: "at_least" }],
  ["가량", { t: "qsuf", q: "approx" }],
  ["정도", { t: "qsuf", q: "approx" }],
  ["안팎", { t: "qsuf", q: "approx" }],
  ["내외", { t: "qsuf", q: "approx" }],
  ["규모", { t: "filler" }],
  ["주식", { t: "shares" }],
  ["약", { t: "qpre", q: "approx" }],
  ["원", { t: "cur", code: "KRW" }],
  ["엔", { t: "cur", code: "JPY" }],
  ["주", { t: "shares" }],
  ["수", { t: "su" }],
  ["십", { t: "small", v: 10 }],
  ["백", { t: "small", v: 100 }],
  ["천", { t: "small", v: 1000 }],
  ["만", { t: "big", v: 1e4 }],
  ["억", { t: "big", v: 1e8 }],
  ["조", { t: "big", v: 1e12 }],
  ["경", { t: "big", v: 1e16 }],
];

export const LATIN_WORDS: Record<string, Token> = {
  k: { t: "big", v: 1e3 },
  thousand: { t: "big", v: 1e3 },
  m: { t: "big", v: 1e6 },
  mm: { t: "big", v: 1e6 },
  mn: { t: "big", v: 1e6 },
  mil: { t: "big", v: 1e6 },
  million: { t: "big", v: 1e6 },
  b: { t: "big", v: 1e9 },
  bn: { t: "big", v: 1e9 },
  billion: { t: "big", v: 1e9 },
  billions: { t: "big", v: 1e9 },
  millions: { t: "big", v: 1e6 },
  trillions: { t: "big", v: 1e12 },
  t: { t: "big", v: 1e12 },
  tn: { t: "big", v: 1e12 },
  trillion: { t: "big", v: 1e12 },
  usd: { t: "cur", code: "USD" },
  dollar: { t: "cur", code: "USD" },
  dollars: { t: "cur", code: "USD" },
  krw: { t: "cur", code: "KRW" },
  won: { t: "cur", code: "KRW" },
  eur: { t: "cur", code: "EUR" },
  euro: { t: "cur", code: "EUR" },
  euros: { t: "cur", code: "EUR" },
  jpy: { t: "cur", code: "JPY" },
  yen: { t: "cur", code: "JPY" },
  cny: { t: "cur", code: "CNY" },
  rmb: { t: "cur", code: "CNY" },
  gbp: { t: "cur", code: "GBP" },
  about: { t: "qpre", q: "approx" },
  approx: { t: "qpre", q: "approx" },
  approximately: { t: "qpre", q: "approx" },
  around: { t: "qpre", q: "approx" },
  roughly: { t: "qpre", q: "approx" },
  nearly: { t: "qpre", q: "approx" },
  some: { t: "qpre", q: "approx" },
  over: { t: "qpre", q: "at_least" },
  tens: { t: "vague", v: "tens", mult: 10 },
  hundreds: { t: "vague", v: "hundreds", mult: 100 },
  several: { t: "vague", v: "several", mult: 1 },
  of: { t: "of" },
  share: { t: "shares" },
  shares: { t: "shares" },
  gw: { t: "cap", gwPer: 1 },
  gigawatt: { t: "cap", gwPer: 1 },
  gigawatts: { t: "cap", gwPer: 1 },
  mw: { t: "cap", gwPer: 0.001 },
  megawatts: { t: "cap", gwPer: 0.001 },
  worth: { t: "filler" },
};

export const SYMBOLS: Record<string, Token> = {
  $: { t: "cur", code: "USD" },
  "₩": { t: "cur", code: "KRW" },
  "€": { t: "cur", code: "EUR" },
  "¥": { t: "cur", code: "JPY" },
  "£": { t: "cur", code: "GBP" },
  "+": { t: "qsuf", q: "at_least" },
};

export const MULTI_WORDS: [string, Token][] = [
  ["up to", { t: "qpre", q: "up_to" }],
  ["as much as", { t: "qpre", q: "up_to" }],
  ["at least", { t: "qpre", q: "at_least" }],
  ["more than", { t: "qpre", q: "at_least" }],
  ["us$", { t: "cur", code: "USD" }],
];
