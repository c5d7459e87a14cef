import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/types.js";
import { checkedObservation } from "../../src/import/checked-observation.js";
import { observationSchema } from "../../src/import/schemas.js";
import { canonicalObservation } from "../../src/import/validate.js";

const load = (path: string) =>
  (JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { deals: Record<string, unknown>[] }).deals;
const SAMPLE = load("../../data/ai-deals.sample.json");
const EDGE = load("../fixtures/edge-deals.json");

const FULL: Record<string, unknown> = {
  type: "deal",
  deal: "d-1",
  observed_on: "2025-10-06",
  kind: "purchase",
  from: "openai",
  to: "amd",
  round: "r-1",
  amount: { value: 5, currency: "krw", qualifier: "range", max: 7, note: "x" },
  status: "announced",
  terms: { capacity_gw: 6, stake_pct: 10, shares: 160e6, valuation_usd: 1e9, target: " t ", notes: "", other: 1 },
  title: { en: "AMD deal", ko: "AMD 공급 계약", de: "x" },
  source: { publisher: "Reuters", url: "https://example.com/a?b=1", lang: "en" },
};

/** Values a field might be turned into: wrong types, stray whitespace, edge numbers, bad dates. */
const ODD: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "\u3000",
  " x",
  "x ",
  "x\u00a0",
  "\ufeffx",
  "엔비디아",
  "오픈AI ",
  0,
  -0,
  -1,
  101,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  ["x"],
  {},
  "2025-02-30",
  "2025-2-3",
  "2024-02-29",
  "usd",
  "US",
  "KRW ",
  "exact",
  "range",
  "up_to",
  "rumored",
  "cancelled",
  "funding_round",
  "not a url",
  "https://example.com",
  "ftp://x",
  "https://exa mple.com",
];

const PATHS = [
  ["deal"],
  ["observed_on"],
  ["kind"],
  ["from"],
  ["to"],
  ["round"],
  ["status"],
  ["amount"],
  ["amount", "value"],
  ["amount", "currency"],
  ["amount", "qualifier"],
  ["amount", "max"],
  ["terms"],
  ["terms", "capacity_gw"],
  ["terms", "stake_pct"],
  ["terms", "target"],
  ["title"],
  ["title", "en"],
  ["title", "ko"],
  ["source"],
  ["source", "publisher"],
  ["source", "url"],
  ["source", "lang"],
];

/** A small deterministic generator, so a failure names a case that comes back. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(base: Record<string, unknown>, rnd: () => number): Record<string, unknown> {
  const v = structuredClone(base);
  const changes = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < changes; i++) {
    const path = PATHS[Math.floor(rnd() * PATHS.length)] as string[];
    const odd = ODD[Math.floor(rnd() * ODD.length)];
    let at: Record<string, unknown> = v;
    for (const key of path.slice(0, -1)) {
      const next = at[key];
      if (typeof next !== "object" || next === null) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1] as string;
    if (odd === undefined) delete at[last];
    else at[last] = odd;
  }
  return v;
}

const canonicalBody = (o: unknown) => JSON.stringify(o);
/** zod's answer as the import stores it. */
const canonicalOf = (data: ReturnType<typeof observationSchema.parse>) =>
  JSON.stringify(canonicalObservation({ ...data, from: data.from ?? null } as Observation));

describe("checkedObservation", () => {
  it("vouches for every deal record of the sample datasets, with zod's answer in canonical form", () => {
    for (const record of [...SAMPLE, ...EDGE]) {
      const parsed = observationSchema.safeParse(record);
      if (!parsed.success) continue;
      expect(canonicalBody(checkedObservation(record)), JSON.stringify(record)).toBe(canonicalOf(parsed.data));
    }
  });

  it("never accepts a record zod refuses, and agrees with zod on those it accepts", () => {
    const rnd = rng(7);
    const bases = [FULL, ...SAMPLE];
    let vouched = 0;
    let refusedByZod = 0;
    for (let i = 0; i < 20_000; i++) {
      const record = mutate(bases[i % bases.length] as Record<string, unknown>, rnd);
      const checked = checkedObservation(record);
      const parsed = observationSchema.safeParse(record);
      if (!parsed.success) refusedByZod++;
      if (checked === null) continue;
      vouched++;
      expect(parsed.success, JSON.stringify(record)).toBe(true);
      if (!parsed.success) continue;
      // The same body, key for key and in order: the stored body and its fingerprint depend on it.
      expect(canonicalBody(checked), JSON.stringify(record)).toBe(canonicalOf(parsed.data));
    }
    // Both kinds of case were tried in numbers, so the agreement above means something.
    expect(vouched).toBeGreaterThan(1_000);
    expect(refusedByZod).toBeGreaterThan(3_000);
  });

  it("leaves records with stray whitespace to zod, which trims them", () => {
    const record = { ...FULL, to: " amd", title: { ko: "AMD 공급 계약\u3000" } };
    expect(checkedObservation(record)).toBeNull();
    const parsed = observationSchema.parse(record);
    expect(parsed.to).toBe("amd");
    expect(parsed.title?.ko).toBe("AMD 공급 계약");
  });
});
