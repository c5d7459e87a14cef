import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Company, DealEvent, Observation } from "../../src/domain/types.js";
import { applyImport } from "../../src/import/apply.js";
import { parseImportText } from "../../src/import/parse.js";
import type { ImportData } from "../../src/import/types.js";
import { findCompany } from "../../src/store/company-repository.js";
import { dealHistory, dealsChangedAfter, getDeal, listDeals } from "../../src/store/deal-repository.js";
import { eventsAfter, latestSeq } from "../../src/store/event-repository.js";
import { dialects, importSample, openTestStore, SAMPLE_PATH, type TestStore } from "../helpers/store.js";

interface SampleFile {
  companies: unknown[];
  deals: Observation[];
  fx: unknown[];
}

const sample = JSON.parse(await readFile(SAMPLE_PATH, "utf8")) as SampleFile;
const tenGw = sample.deals.filter((d) => d.deal === "nvidia-openai-10gw");

/** A dealgraph/v1 document with the sample's companies and FX and the given observations. */
function doc(deals: Observation[]): string {
  return JSON.stringify({ format: "dealgraph/v1", companies: sample.companies, deals, fx: sample.fx }, null, 2);
}

async function importDeals(store: TestStore, deals: Observation[], file = "deals.json") {
  const parsed = await parseImportText(file, doc(deals), { store });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return applyImport(store, parsed.data);
}

const shape = (events: DealEvent[]) =>
  events.map((e) => [e.type, e.dealId, e.observedOn, e.old, e.type === "deal_added" ? null : e.new]);

describe.each(dialects())("applying imports on %s", (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it("importing the same file twice adds no events, no observations and no sources", async () => {
    await importSample(store);
    const before = await latestSeq(store.db);
    const again = await importSample(store);
    expect(again.observations).toEqual({ new: 0, duplicate: 23, older: 0 });
    expect(again.events).toEqual({ deal_added: 0, amount_changed: 0, status_changed: 0, source_added: 0 });
    expect(again.firstSeq).toBeNull();
    expect(await latestSeq(store.db)).toBe(before);
    const count = async (t: "observations" | "deal_sources" | "deals" | "companies") =>
      Number(
        (
          await store.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count("observations")).toBe(23);
    expect(await count("deal_sources")).toBe(23);
    expect(await count("deals")).toBe(20);
    expect(await count("companies")).toBe(15);
  });

  it("a file holding a deal's whole history yields the same events as importing it one observation at a time", async () => {
    await importDeals(store, tenGw);
    const whole = shape(await eventsAfter(store.db, 0));

    const other = await openTestStore(dialect);
    try {
      for (const o of tenGw) await importDeals(other, [o]);
      expect(shape(await eventsAfter(other.db, 0))).toEqual(whole);
    } finally {
      await other.close();
    }
    expect(whole.map((e) => e[0])).toEqual(["deal_added", "status_changed", "amount_changed", "status_changed"]);
  });

  it("observations are applied in date order even when the file lists them newest first", async () => {
    await importDeals(store, [...tenGw].reverse());
    expect((await eventsAfter(store.db, 0)).map((e) => e.type)).toEqual([
      "deal_added",
      "status_changed",
      "amount_changed",
      "status_changed",
    ]);
    expect((await getDeal(store.db, "nvidia-openai-10gw"))?.status).toBe("reported");
  });

  it("an older observation imported after a newer one is kept in history and only adds its source", async () => {
    const [announced, stalled, revised] = tenGw as [Observation, Observation, Observation];
    await importDeals(store, [revised]);
    const current = await getDeal(store.db, "nvidia-openai-10gw");
    const seq = await latestSeq(store.db);

    const late = await importDeals(store, [announced, stalled]);
    expect(late.observations).toEqual({ new: 2, duplicate: 0, older: 2 });
    expect(late.events).toEqual({ deal_added: 0, amount_changed: 0, status_changed: 0, source_added: 2 });

    const after = await getDeal(store.db, "nvidia-openai-10gw");
    expect(after?.amount).toEqual(current?.amount);
    expect(after?.status).toBe("reported");
    expect(after?.observedOn).toBe("2026-02-04");
    expect(after?.firstObservedOn).toBe("2025-09-22");
    expect(after?.sources.map((s) => s.publisher)).toEqual(["국민일보", "WSJ", "CNBC"]);

    const added = await eventsAfter(store.db, seq);
    expect(added.map((e) => [e.type, e.observedOn, e.new])).toEqual([
      ["source_added", "2025-09-22", { publisher: "CNBC", lang: "en", date: "2025-09-22" }],
      ["source_added", "2026-01-31", { publisher: "WSJ", lang: "en", date: "2026-01-31" }],
    ]);
    expect((await dealHistory(store.db, "nvidia-openai-10gw")).length).toBe(3);
  });

  it("a second outlet reporting an unchanged deal records source_added, and nothing else", async () => {
    const [announced] = tenGw as [Observation];
    await importDeals(store, [announced]);
    const echo: Observation = {
      ...announced,
      observed_on: "2025-09-23",
      source: { publisher: "연합뉴스", lang: "ko" },
    };
    const summary = await importDeals(store, [echo]);
    expect(summary.events).toEqual({ deal_added: 0, amount_changed: 0, status_changed: 0, source_added: 1 });
    expect((await getDeal(store.db, "nvidia-openai-10gw"))?.sources[0]).toEqual({
      publisher: "연합뉴스",
      lang: "ko",
      date: "2025-09-23",
    });
  });

  it("an outlet's revised report the same day changes the deal but lists the source once, in this import and the next", async () => {
    const [announced] = tenGw as [Observation];
    const revised: Observation = { ...announced, status: "signed" };
    await importDeals(store, [announced, revised]);
    const again: Observation = { ...announced, status: "completed" };
    const summary = await importDeals(store, [again]);
    expect(summary.events).toEqual({ deal_added: 0, amount_changed: 0, status_changed: 1, source_added: 0 });

    const deal = await getDeal(store.db, "nvidia-openai-10gw");
    expect(deal?.status).toBe("completed");
    expect(deal?.sources).toEqual([{ publisher: "CNBC", lang: "en", date: "2025-09-22" }]);
    expect((await dealHistory(store.db, "nvidia-openai-10gw")).map((o) => o.status)).toEqual([
      announced.status,
      "signed",
      "completed",
    ]);
  });

  it("a failed import writes nothing: companies, FX and deals all roll back", async () => {
    const parsed = await parseImportText("x.json", doc(tenGw), { store });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    // A deal with no status breaks a NOT NULL constraint when deals are written, after the events were.
    const broken: ImportData = {
      ...parsed.data,
      observations: [
        ...parsed.data.observations,
        {
          ...(parsed.data.observations[0] as Observation),
          deal: "orphan",
          status: null as unknown as Observation["status"],
        },
      ],
    };
    await expect(applyImport(store, broken)).rejects.toThrow(/status/);
    expect(await listDeals(store.db, { includeCancelled: true })).toEqual([]);
    expect(await latestSeq(store.db)).toBe(0);
    expect(await store.db.selectFrom("companies").selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom("fx_rates").selectAll().execute()).toEqual([]);
  });

  it("data naming a company that is neither in the store nor in the data is refused before anything is written", async () => {
    const parsed = await parseImportText("x.json", doc(tenGw), { store });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    const orphan = { ...(parsed.data.observations[0] as Observation), deal: "orphan", to: "nobody" };
    await expect(applyImport(store, { ...parsed.data, observations: [orphan] })).rejects.toThrow(
      "unknown companies nobody",
    );
    expect(await latestSeq(store.db)).toBe(0);
  });

  it("a company imported again with a new alias is updated, and the alias resolves", async () => {
    await importSample(store);
    const companies = (sample.companies as Company[]).map((c) =>
      c.id === "openai" ? { ...c, aliases: [...c.aliases, "ChatGPT maker"] } : c,
    );
    const summary = await applyImport(store, { file: "c.json", companies, observations: [], fx: [] });
    expect(summary.companies).toEqual({ added: 0, updated: 1 });
    expect((await findCompany(store.db, "chatgpt MAKER"))?.id).toBe("openai");
    expect((await findCompany(store.db, "오픈에이아이"))?.id).toBe("openai");
  });

  it("after an import, the deals changed past the previous sequence are exactly the ones it touched", async () => {
    await importSample(store);
    const seq = await latestSeq(store.db);
    const [, , revised] = tenGw as [Observation, Observation, Observation];
    const cut: Observation = {
      ...revised,
      observed_on: "2026-03-01",
      status: "cancelled",
      source: { publisher: "Reuters", lang: "en" },
    };
    await importDeals(store, [cut]);
    const changed = await dealsChangedAfter(store.db, seq);
    expect(changed.map((d) => [d.id, d.status])).toEqual([["nvidia-openai-10gw", "cancelled"]]);
  });

  it("KRW amounts are stored in won, with the FX rates that convert them", async () => {
    const krw: Observation = {
      deal: "samsung-openai-memory",
      observed_on: "2026-02-10",
      kind: "purchase",
      from: "openai",
      to: "nvidia",
      amount: { value: 139e12, currency: "KRW", qualifier: "approx" },
      status: "reported",
      source: { publisher: "매일경제", lang: "ko" },
    };
    const summary = await importDeals(store, [krw]);
    expect(summary.fx).toBe(2);
    expect((await getDeal(store.db, "samsung-openai-memory"))?.amount).toEqual({
      value: 139e12,
      currency: "KRW",
      qualifier: "approx",
    });
  });

  // On SQLite two writers are two processes (see test/store/sqlite-concurrency.test.ts): two connections in one
  // thread would wait on each other's lock synchronously.
  it.skipIf(dialect === "sqlite")(
    "two imports at the same time both land, each with its own unbroken run of sequence numbers",
    async () => {
      await importDeals(store, []);
      const a = sample.deals.slice(0, 12);
      const b = sample.deals.slice(12);
      const other = await store.reopen();
      try {
        const [ra, rb] = await Promise.all([importDeals(store, a), importDeals(other as TestStore, b)]);
        const runs = [ra, rb]
          .map((r) => [r.firstSeq as number, r.lastSeq as number])
          .sort((x, y) => (x[0] as number) - (y[0] as number));
        expect(runs[0]?.[0]).toBe(1);
        expect(runs[1]?.[0]).toBe((runs[0]?.[1] as number) + 1);
        expect(runs[1]?.[1]).toBe(24);
      } finally {
        await other.close();
      }
      expect((await listDeals(store.db, { includeCancelled: true })).length).toBe(20);
    },
  );
});
