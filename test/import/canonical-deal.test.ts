import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/types.js";
import { CanonicalDealReader } from "../../src/import/canonical-deal.js";
import { canonicalBodyAt } from "../../src/import/canonical-line.js";
import { checkedObservation } from "../../src/import/checked-observation.js";
import { parseImportText } from "../../src/import/parse.js";
import { canonicalObservation } from "../../src/import/validate.js";
import { HARD_OBSERVATIONS } from "../helpers/hard-observations.js";
import { mutate, rng } from "../helpers/record-mutations.js";

const load = (path: string) =>
  (JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { deals: Observation[] }).deals;
const DEALS = [
  ...load("../../data/ai-deals.sample.json"),
  ...load("../fixtures/edge-deals.json"),
  ...HARD_OBSERVATIONS,
];

/** A deal record as its NDJSON line: the type first, then the record's members in their order. */
const lineOf = (o: object) => `{"type":"deal",${JSON.stringify(o).slice(1)}`;

/** A deal the reader takes: no terms, no URL. */
const PLAIN = canonicalObservation(
  DEALS.find((d) => d.terms === undefined && d.source !== undefined && d.source.url === undefined) as Observation,
);

const isCanonical = (line: string) => {
  const bytes = Buffer.from(line);
  return canonicalBodyAt(line, bytes, 0, bytes.length) !== null;
};

/** What the reader makes of a canonical line, against the plain check of what JSON.parse makes of it. */
function bothReadings(reader: CanonicalDealReader, line: string) {
  return {
    read: JSON.stringify(reader.read(line)),
    checked: JSON.stringify(checkedObservation(JSON.parse(line))),
  };
}

describe("canonical deal lines read without JSON.parse", () => {
  it("give the observation the plain check gives, key for key, for every sample and hard-case deal", () => {
    const reader = new CanonicalDealReader();
    let read = 0;
    for (const d of DEALS) {
      const line = lineOf(canonicalObservation(d));
      if (!isCanonical(line)) continue;
      const { read: mine, checked } = bothReadings(reader, line);
      expect(mine, line).toBe(mine === "null" ? mine : checked);
      if (mine !== "null") read++;
    }
    // All but those with terms or a URL (zod's to check), or an amount that does not print back as written.
    expect(read).toBeGreaterThan(DEALS.length / 3);
  });

  it("never vouch for a line the plain check refuses, and agree with it on the rest", () => {
    const rnd = rng(11);
    const bases = DEALS.filter((d) => d.terms === undefined).map((d) => canonicalObservation(d));
    // One reader for all the lines, as for a file: the strings it shares must never leak from line to line.
    const reader = new CanonicalDealReader();
    let canonical = 0;
    let vouched = 0;
    let refused = 0;
    for (let i = 0; i < 40_000; i++) {
      const line = lineOf(mutate(bases[i % bases.length] as unknown as Record<string, unknown>, rnd));
      if (!isCanonical(line)) continue;
      canonical++;
      const { read: mine, checked } = bothReadings(reader, line);
      if (mine === "null") {
        if (checked === "null") refused++;
        continue;
      }
      vouched++;
      expect(mine, line).toBe(checked);
    }
    expect(canonical).toBeGreaterThan(4_000);
    expect(vouched).toBeGreaterThan(1_500);
    expect(refused).toBeGreaterThan(2_000);
  });

  it("hand back lines whose values the plain check or zod must look at", () => {
    const reader = new CanonicalDealReader();
    const base = PLAIN;
    expect(reader.read(lineOf(base))).not.toBeNull();
    const amount = { value: 5, currency: "USD", qualifier: "exact" } as const;
    const lines = [
      lineOf({ ...base, observed_on: "2025-02-30" }),
      lineOf({ ...base, observed_on: "2025-13-01" }),
      lineOf({ ...base, observed_on: "1899-12-31" }),
      lineOf({ ...base, observed_on: "2025-1-01x" }),
      lineOf({ ...base, kind: "merger" }),
      lineOf({ ...base, status: "done" }),
      lineOf({ ...base, deal: " d-1" }),
      lineOf({ ...base, to: "amd\u00a0" }),
      lineOf({ ...base, amount: { ...amount, qualifier: "range" } }),
      lineOf({ ...base, amount: { ...amount, max: 7 } }),
      lineOf({ ...base, amount: { ...amount, qualifier: "range", max: 4 } }),
      lineOf({ ...base, amount: { ...amount, qualifier: "roughly" } }),
      lineOf({ ...base, source: { publisher: "Reuters", url: "https://example.com/a" } }),
      lineOf({ ...base, source: { publisher: "Reuters ", lang: "en" } }),
    ];
    for (const line of lines) {
      expect(isCanonical(line), line).toBe(true);
      expect(reader.read(line), line).toBeNull();
    }
    // A date the reader has seen before is still checked: a bad one stays refused, a good one taken.
    expect(reader.read(lineOf({ ...base, observed_on: "2025-02-30" }))).toBeNull();
    expect(reader.read(lineOf({ ...base, observed_on: "2024-02-29" }))?.observed_on).toBe("2024-02-29");
  });

  it("leave a bad value on a canonical line to be reported where it is, as on any other line", async () => {
    const base = PLAIN;
    const company = (id: string) => JSON.stringify({ type: "company", id, name: { en: id, ko: id }, role: "ai-lab" });
    const text = [
      ...[base.from, base.to].flatMap((id) => (id === null ? [] : [company(id)])),
      lineOf(base),
      lineOf({ ...base, deal: "d-2", observed_on: "2025-02-30" }),
    ].join("\n");
    const r = await parseImportText("deals.ndjson", Buffer.from(text));
    const row = text.split("\n").length;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([`deals.ndjson:${row}: observed_on: is not a real calendar date`]);
  });
});
