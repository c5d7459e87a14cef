import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/types.js";
import { applyImport } from "../../src/import/apply.js";
import { parseImportText } from "../../src/import/parse.js";
import { canonicalObservation } from "../../src/import/validate.js";
import { dealRowFromObservation } from "../../src/store/deal-repository.js";
import { HARD_OBSERVATIONS } from "../helpers/hard-observations.js";
import { dialects, openTestStore, SAMPLE_PATH, type TestStore } from "../helpers/store.js";

const sample = JSON.parse(await readFile(SAMPLE_PATH, "utf8")) as { companies: unknown[]; deals: Observation[] };

describe.each(dialects())("deals an import adds, on %s", (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it("are stored as the observation that added them states them, however each is written", async () => {
    // The sample's deals seen once, and the hard cases.
    const counts = new Map<string, number>();
    for (const d of sample.deals) counts.set(d.deal, (counts.get(d.deal) ?? 0) + 1);
    const deals = [...sample.deals.filter((d) => counts.get(d.deal) === 1), ...HARD_OBSERVATIONS];
    const doc = JSON.stringify({ format: "dealgraph/v1", companies: sample.companies, deals });
    const parsed = await parseImportText("once.json", doc, { store, allowImplausible: true });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    await applyImport(store, parsed.data);

    const stored = await store.db.selectFrom("deals").selectAll().orderBy("id").execute();
    const expected = deals
      .map((d) => dealRowFromObservation(canonicalObservation(d), d.observed_on, 0))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(stored.map((r) => ({ ...r, updated_seq: 0 }))).toEqual(expected);
    expect(stored.every((r) => Number(r.updated_seq) > 0)).toBe(true);
  });
});
