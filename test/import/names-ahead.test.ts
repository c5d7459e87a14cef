import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importFiles } from "../../src/import/import-files.js";
import { openTestStore, type TestStore } from "../helpers/store.js";

/**
 * More companies than one batch of names looked up while the first file of a run is read (NAMES_AHEAD in
 * parse.ts), so the writer thread looks up several batches before the file is checked.
 */
const COMPANIES = 40_000;

const company = (i: number) =>
  JSON.stringify({ type: "company", id: `co-${i}`, name: { en: `Company ${i}`, ko: `회사 ${i}` }, role: "other" });

/** Deal `i`: from a company named by id, to one named by its English name, or its Korean one every third deal. */
function deal(i: number): string {
  const from = `co-${i % COMPANIES}`;
  const to = (i * 7 + 1) % COMPANIES;
  return JSON.stringify({
    type: "deal",
    deal: `d-${i}`,
    observed_on: "2025-05-01",
    kind: "purchase",
    from,
    to: i % 3 === 0 ? `회사 ${to}` : `Company ${to}`,
    amount: null,
    status: "announced",
  });
}

describe("the first file's company names, looked up by the writer thread while the file is read", () => {
  let store: TestStore;
  let dir: string;
  beforeEach(async () => {
    store = await openTestStore("sqlite");
    dir = join(store.path as string, "..");
    const companies = join(dir, "companies.ndjson");
    writeFileSync(companies, Array.from({ length: COMPANIES }, (_, i) => company(i)).join("\n"));
    const [stored] = await importFiles(store, [companies]);
    expect(stored?.ok).toBe(true);
  });
  afterEach(async () => {
    await store.close();
  });

  it("resolve every deal's companies, by id, English or Korean name, to the same ids as one look-up at the end", async () => {
    const deals = Array.from({ length: 50_000 }, (_, i) => deal(i));
    const first = join(dir, "first.ndjson");
    const second = join(dir, "second.ndjson");
    writeFileSync(first, deals.slice(0, 45_000).join("\n"));
    writeFileSync(second, deals.slice(45_000).join("\n"));

    const outcomes = await importFiles(store, [first, second], { writerThread: true });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);

    const rows = await store.db.selectFrom("deals").select(["id", "from_id", "to_id"]).execute();
    expect(rows).toHaveLength(50_000);
    const wrong = rows.filter((r) => {
      const i = Number(r.id.slice(2));
      return r.from_id !== `co-${i % COMPANIES}` || r.to_id !== `co-${(i * 7 + 1) % COMPANIES}`;
    });
    expect(wrong).toEqual([]);
  });

  it("still refuse the first file when one of its many names is no company, naming it and writing nothing", async () => {
    const lines = Array.from({ length: 45_000 }, (_, i) => deal(i));
    lines[30_001] = lines[30_001]?.replace('"to":"Company 10008"', '"to":"Company 99999"') as string;
    const first = join(dir, "first.ndjson");
    writeFileSync(first, lines.join("\n"));

    const [outcome] = await importFiles(store, [first], { writerThread: true });
    if (outcome?.ok !== false) throw new Error("the file should be refused");
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]).toContain(`${first}:30002: to: unknown company "Company 99999"`);
    const count = await store.db
      .selectFrom("deals")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(0);
  });
});
