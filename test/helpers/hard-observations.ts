import type { Observation } from "../../src/domain/types.js";

/**
 * Deals each observed once, with values whose stored form is easy to get wrong: quoted, escaped and Korean
 * terms, a KRW range from zero, no source, no amount, a from of null, an amount beyond 1e21, titles in one
 * language or two, a URL and no language. Company ids are the sample's.
 */
export const HARD_OBSERVATIONS: Observation[] = [
  {
    deal: "quoted-terms",
    observed_on: "2025-01-02",
    kind: "purchase",
    from: "openai",
    to: "amd",
    amount: { value: 0, currency: "KRW", qualifier: "range", max: 7e12 },
    status: "announced",
    round: "r-1",
    terms: { capacity_gw: 6, notes: '"quoted" \\ and\nnewline, 한국어', stake_pct: 10 },
    title: { ko: "AMD 공급 계약" },
    source: { publisher: "연합뉴스", lang: "ko" },
  },
  {
    deal: "bare-round",
    observed_on: "2025-01-03",
    kind: "funding_round",
    from: null,
    to: "openai",
    amount: null,
    status: "rumored",
  },
  {
    deal: "big-and-small",
    observed_on: "2025-01-04",
    kind: "investment",
    from: "nvidia",
    to: "openai",
    amount: { value: 1.5e21, currency: "USD", qualifier: "up_to" },
    status: "reported",
    terms: { valuation_usd: 0.000001, shares: 160e6 },
    title: { en: "Nvidia to invest", ko: "엔비디아 투자" },
    source: { publisher: "Reuters", url: "https://example.com/a?b=1" },
  },
];
