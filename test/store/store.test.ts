import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findCompany, listCompanies } from "../../src/store/company-repository.js";
import { openStore } from "../../src/store/db.js";
import { dealHistory, dealsChangedAfter, getDeal, listDeals } from "../../src/store/deal-repository.js";
import { eventsAfter, eventsObservedBetween, latestSeq } from "../../src/store/event-repository.js";
import { listFxRates } from "../../src/store/fx-repository.js";
import { seedIfEmpty } from "../../src/store/seed.js";
import { dialects, importSample, openTestStore, SAMPLE_PATH, type TestStore } from "../helpers/store.js";

describe.each(dialects())("store on %s", (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it("a fresh store is empty and its event log starts at 0", async () => {
    expect(await listDeals(store.db)).toEqual([]);
    expect(await latestSeq(store.db)).toBe(0);
    expect(await eventsAfter(store.db, 0)).toEqual([]);
  });

  it("opening the same database again finds the migrations applied and the data intact", async () => {
    await importSample(store);
    const again = await store.reopen();
    try {
      expect((await listDeals(again.db, { includeCancelled: true })).length).toBe(20);
    } finally {
      await again.close();
    }
  });

  it.skipIf(dialect !== "postgres")(
    "two processes opening a new database at the same moment both get a migrated store",
    async () => {
      const url = process.env.DATABASE_URL as string;
      const schema = `${store.schema}_twin`;
      const [a, b] = await Promise.all([
        openStore({ databaseUrl: url, pgSchema: schema }),
        openStore({ databaseUrl: url, pgSchema: schema }),
      ]);
      try {
        await importSample(a);
        expect((await listDeals(b.db)).length).toBe(19);
      } finally {
        await a.close();
        await b.close();
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      }
    },
  );

  it("the sample gives 20 deals, 19 once the cancelled Arm acquisition is left out", async () => {
    await importSample(store);
    const current = await listDeals(store.db);
    const all = await listDeals(store.db, { includeCancelled: true });
    expect(current.length).toBe(19);
    expect(all.length).toBe(20);
    expect(all.find((d) => d.id === "nvidia-arm-acquisition")?.status).toBe("cancelled");
    expect(current.some((d) => d.status === "cancelled")).toBe(false);
  });

  it("a deal's current state is its latest observation, with every source newest first", async () => {
    await importSample(store);
    const deal = await getDeal(store.db, "nvidia-openai-10gw");
    expect(deal).toMatchObject({
      kind: "investment",
      from: "nvidia",
      to: "openai",
      amount: { value: 20e9, currency: "USD", qualifier: "exact" },
      status: "reported",
      terms: { capacity_gw: 10 },
      observedOn: "2026-02-04",
      firstObservedOn: "2025-09-22",
    });
    expect(deal?.title.ko).toContain("200억 달러");
    expect(deal?.sources.map((s) => [s.publisher, s.date])).toEqual([
      ["국민일보", "2026-02-04"],
      ["WSJ", "2026-01-31"],
      ["CNBC", "2025-09-22"],
    ]);
    expect(await getDeal(store.db, "no-such-deal")).toBeNull();
  });

  it("round participations, ranges and undisclosed amounts come back as imported", async () => {
    await importSample(store);
    expect(await getDeal(store.db, "nvidia-xai-2b")).toMatchObject({
      round: "xai-2025-round",
      amount: { value: 2e9, qualifier: "up_to" },
    });
    expect((await getDeal(store.db, "xai-2025-round"))?.from).toBeNull();
    expect((await getDeal(store.db, "openai-amd-6gw"))?.amount).toEqual({
      value: 10e9,
      max: 100e9,
      currency: "USD",
      qualifier: "range",
    });
    expect((await getDeal(store.db, "amd-openai-warrant"))?.amount).toBeNull();
  });

  it("every observation is kept as history, oldest first", async () => {
    await importSample(store);
    const history = await dealHistory(store.db, "nvidia-openai-10gw");
    expect(history.map((o) => [o.observed_on, o.status])).toEqual([
      ["2025-09-22", "announced"],
      ["2026-01-31", "stalled"],
      ["2026-02-04", "reported"],
    ]);
  });

  it("the event log of the sample: 20 deals added, the 10 GW deal stalled then revised, Arm cancelled", async () => {
    const summary = await importSample(store);
    expect(summary.events).toEqual({ deal_added: 20, amount_changed: 1, status_changed: 3, source_added: 0 });
    expect(summary.firstSeq).toBe(1);
    expect(summary.lastSeq).toBe(24);
    expect(await latestSeq(store.db)).toBe(24);

    const events = await eventsAfter(store.db, 0);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const tenGw = events.filter((e) => e.dealId === "nvidia-openai-10gw");
    expect(tenGw.map((e) => [e.type, e.observedOn, e.old, e.type === "deal_added" ? null : e.new])).toEqual([
      ["deal_added", "2025-09-22", null, null],
      ["status_changed", "2026-01-31", "announced", "stalled"],
      [
        "amount_changed",
        "2026-02-04",
        { value: 100e9, currency: "USD", qualifier: "up_to" },
        { value: 20e9, currency: "USD", qualifier: "exact" },
      ],
      ["status_changed", "2026-02-04", "stalled", "reported"],
    ]);
    // The deal_added snapshot is the deal as first reported.
    expect(tenGw[0]?.new).toMatchObject({
      id: "nvidia-openai-10gw",
      status: "announced",
      amount: { value: 100e9, qualifier: "up_to" },
    });
    expect(events.find((e) => e.dealId === "nvidia-arm-acquisition" && e.type === "status_changed")).toMatchObject({
      old: "announced",
      new: "cancelled",
      observedOn: "2022-02-08",
    });
  });

  it("a deal_added event reads back as the Deal first reported: named by its observation, or kept whole as JSON", async () => {
    await importSample(store);
    const added = (await eventsAfter(store.db, 0)).find((e) => e.dealId === "nvidia-openai-10gw");
    expect(added?.new).toEqual({
      id: "nvidia-openai-10gw",
      kind: "investment",
      from: "nvidia",
      to: "openai",
      amount: { value: 100e9, currency: "USD", qualifier: "up_to" },
      status: "announced",
      title: expect.any(Object),
      terms: expect.any(Object),
      observedOn: "2025-09-22",
      firstObservedOn: "2025-09-22",
      sources: [expect.objectContaining({ date: "2025-09-22" })],
    });
    // The log does not carry a second copy of the observation: it names it.
    const row = await store.db
      .selectFrom("events")
      .selectAll()
      .where("seq", "=", added?.seq as number)
      .executeTakeFirstOrThrow();
    const observation = await store.db
      .selectFrom("observations")
      .select(["fingerprint", "body"])
      .where("deal_id", "=", "nvidia-openai-10gw")
      .where("observed_on", "=", "2025-09-22")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ new_json: null, fingerprint: observation.fingerprint });
    // Written with the body inline (an outside writer, an earlier release), or with the Deal itself.
    for (const newJson of [observation.body, JSON.stringify(added?.new)]) {
      await store.db
        .updateTable("events")
        .set({ new_json: newJson, fingerprint: null })
        .where("seq", "=", added?.seq as number)
        .execute();
      const again = (await eventsAfter(store.db, 0)).find((e) => e.seq === added?.seq);
      expect(again?.new).toEqual(added?.new);
    }
  });

  it("events past a sequence come in order, limited on request", async () => {
    await importSample(store);
    const page = await eventsAfter(store.db, 20, 3);
    expect(page.map((e) => e.seq)).toEqual([21, 22, 23]);
    expect(await eventsAfter(store.db, 24)).toEqual([]);
  });

  it("events are found by observation date, both ends inclusive", async () => {
    await importSample(store);
    const window = await eventsObservedBetween(store.db, "2026-01-31", "2026-02-04");
    expect(window.map((e) => [e.dealId, e.type])).toEqual([
      ["nvidia-openai-10gw", "status_changed"],
      ["nvidia-openai-10gw", "amount_changed"],
      ["nvidia-openai-10gw", "status_changed"],
    ]);
    const january = await eventsObservedBetween(store.db, "2026-01-01", "2026-01-31");
    expect(january.map((e) => e.dealId).sort()).toEqual(["nvidia-openai-10gw", "openai-cerebras-chips"]);
  });

  it("deals changed after a sequence are those with later events", async () => {
    await importSample(store);
    const changed = await dealsChangedAfter(store.db, 21);
    expect(changed.map((d) => d.id)).toEqual(["nvidia-openai-10gw"]);
    expect(changed[0]?.status).toBe("reported");
    expect((await dealsChangedAfter(store.db, 0)).length).toBe(20);
    expect(await dealsChangedAfter(store.db, 24)).toEqual([]);
  });

  it("companies keep both names and aliases, and resolve by any of them regardless of case and spaces", async () => {
    await importSample(store);
    const companies = await listCompanies(store.db);
    expect(companies.length).toBe(15);
    expect(companies.find((c) => c.id === "nvidia")).toEqual({
      id: "nvidia",
      name: { en: "Nvidia", ko: "엔비디아" },
      aliases: ["NVIDIA", "NVDA", "엔비디아", "Nvidia Corp"],
      role: "chipmaker",
    });
    for (const [text, id] of [
      ["엔비디아", "nvidia"],
      ["nvda", "nvidia"],
      ["Open AI", "openai"],
      ["openai", "openai"],
      ["소프트뱅크 그룹", "softbank"],
    ] as const) {
      expect((await findCompany(store.db, text))?.id, text).toBe(id);
    }
    expect(await findCompany(store.db, "Ghost Capital")).toBeNull();
  });

  it("FX rates are stored per currency and date", async () => {
    await importSample(store);
    expect(await listFxRates(store.db)).toEqual([
      { currency: "KRW", on: "2025-09-22", rate: 1390 },
      { currency: "KRW", on: "2026-02-04", rate: 1450 },
    ]);
  });

  it("seeding imports the sample into an empty store and leaves a store with data alone", async () => {
    const first = await seedIfEmpty(store, SAMPLE_PATH);
    expect(first?.events.deal_added).toBe(20);
    expect(await seedIfEmpty(store, SAMPLE_PATH)).toBeNull();
    expect(await latestSeq(store.db)).toBe(24);
  });
});
