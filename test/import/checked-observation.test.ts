import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/types.js";
import { checkedObservation } from "../../src/import/checked-observation.js";
import { observationSchema } from "../../src/import/schemas.js";
import { canonicalObservation } from "../../src/import/validate.js";
import { mutate, rng } from "../helpers/record-mutations.js";

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
