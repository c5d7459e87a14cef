import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DealEvent, DealStatus, Observation } from "../../src/domain/types.js";
import { applyImport } from "../../src/import/apply.js";
import { eventsAfter, latestSeq } from "../../src/store/event-repository.js";
import { dialects, importSample, openTestStore, type TestStore } from "../helpers/store.js";

const COMPANIES = ["nvidia", "openai", "oracle", "amd", "coreweave", "microsoft", "amazon", "softbank"];
const STATUSES: DealStatus[] = ["rumored", "reported", "announced", "signed", "completed"];

/** 3,000 deals, each observed 1–4 times on different days with amounts and statuses that change. */
function bulkObservations(): Observation[] {
  const out: Observation[] = [];
  for (let d = 0; d < 3000; d++) {
    const times = 1 + (d % 4);
    for (let k = 0; k < times; k++) {
      out.push({
        deal: `bulk-${d}`,
        observed_on: `2025-${String(1 + ((d + k * 3) % 12)).padStart(2, "0")}-${String(1 + k * 7).padStart(2, "0")}`,
        kind: "purchase",
        from: COMPANIES[d % 8] as string,
        to: COMPANIES[(d + 1) % 8] as string,
        amount: k === 2 ? null : { value: 1e6 * (1 + ((d * 7 + k) % 500)), currency: "USD", qualifier: "exact" },
        status: STATUSES[(d + k) % 5] as DealStatus,
        source: { publisher: ["Reuters", "Bloomberg", "연합뉴스"][(d + k) % 3] as string, lang: "en" },
      });
    }
  }
  // Files are rarely sorted: shuffle deterministically.
  return out
    .map((o, i) => ({ o, key: (i * 7919) % out.length }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.o);
}

const shape = (events: DealEvent[]) => events.map((e) => [e.type, e.dealId, e.observedOn, e.old, e.new]);

describe.each(dialects())("bulk imports on %s", (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    await importSample(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it("thousands of observations written in several chunks give the same events as two imports split by date", async () => {
    const all = bulkObservations();
    const whole = await applyImport(store, { file: "bulk", companies: [], fx: [], observations: all });
    expect(whole.observations).toEqual({ new: all.length, duplicate: 0, older: 0 });
    expect(whole.firstSeq).toBe(25);
    const total = Object.values(whole.events).reduce((a, b) => a + b, 0);
    expect(whole.lastSeq).toBe(24 + total);
    expect(await latestSeq(store.db)).toBe(24 + total);
    expect(whole.events.deal_added).toBe(3000);

    // Every deal's updated_seq is the seq of its last event, across chunk boundaries.
    const mismatched = await sql<{ n: number }>`
      select count(*) as n from deals d
      where d.updated_seq <> (select max(e.seq) from events e where e.deal_id = d.id)`.execute(store.db);
    expect(Number(mismatched.rows[0]?.n)).toBe(0);

    const split = await openTestStore(dialect);
    try {
      await importSample(split);
      const early = all.filter((o) => o.observed_on < "2025-07-01");
      const late = all.filter((o) => o.observed_on >= "2025-07-01");
      await applyImport(split, { file: "early", companies: [], fx: [], observations: early });
      await applyImport(split, { file: "late", companies: [], fx: [], observations: late });
      expect(shape(await eventsAfter(split.db, 24))).toEqual(shape(await eventsAfter(store.db, 24)));
    } finally {
      await split.close();
    }

    const again = await applyImport(store, { file: "bulk", companies: [], fx: [], observations: all });
    expect(again.observations.duplicate).toBe(all.length);
    expect(again.firstSeq).toBeNull();
  });

  it("a deal reported dozens of times keeps every distinct report once, in one file or across files", async () => {
    const report = (day: number, publisher: string): Observation => ({
      deal: "long-running",
      observed_on: `2025-03-${String(1 + (day % 28)).padStart(2, "0")}`,
      kind: "purchase",
      from: "openai",
      to: "oracle",
      amount: { value: 1e9 * (1 + (day % 3)), currency: "USD", qualifier: "exact" },
      status: "reported",
      source: { publisher },
    });
    // 28 reports on 28 days by 28 outlets, then 12 of them sent again word for word.
    const reports = Array.from({ length: 40 }, (_, i) => report(i % 28, `Outlet ${i % 28}`));
    const first = await applyImport(store, { file: "a", companies: [], fx: [], observations: reports });
    expect(first.observations).toMatchObject({ new: 28, duplicate: 12 });
    // Each outlet's report is its deal's source once.
    expect(first.events.deal_added + first.events.amount_changed + first.events.source_added).toBe(28);
    const again = await applyImport(store, { file: "b", companies: [], fx: [], observations: reports });
    expect(again.observations).toMatchObject({ new: 0, duplicate: reports.length });
    expect(again.firstSeq).toBeNull();
  });
});
