import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/types.js";
import { applyImport } from "../../src/import/apply.js";
import { pauseChannel, setChannelLang } from "../../src/store/channel-repository.js";
import { addSubscription } from "../../src/store/subscription-repository.js";
import { dialects, openTestStore, type TestStore } from "../helpers/store.js";
import {
  FakeClock,
  type Harness,
  importObservations,
  observation,
  outbox,
  sampleData,
  startTestJobs,
} from "./harness.js";

describe.each(dialects())("alerts on %s", (dialect) => {
  let store: TestStore;
  let h: Harness;
  let held: Observation[];
  const clock = new FakeClock("2026-03-01T00:00:00Z");

  /** The sample without `without`, the poller started (its cursor at the log's end), `held` kept back. */
  async function setUp(without: string[] = [], options: { alertBatchSize?: number } = {}) {
    const data = await sampleData(without);
    await applyImport(store, data.kept);
    held = data.held.observations;
    h = await startTestJobs(store, clock, {}, options);
    expect(await h.jobs.pollNow()).toEqual({ events: 0, enqueued: 0 }); // history is never alerted
  }

  beforeEach(async () => {
    store = await openTestStore(dialect);
    clock.set("2026-03-01T00:00:00Z");
  });
  afterEach(async () => {
    await h?.jobs.stop();
    await store.close();
  });

  it("a new deal over the threshold alerts the channels following either party, once", async () => {
    await setUp();
    await addSubscription(store.db, { channel: "slack:CNV", company: "nvidia", minUsd: 1e9, kinds: [] });
    await addSubscription(store.db, { channel: "discord:100", company: "xai", minUsd: null, kinds: [] });
    await addSubscription(store.db, { channel: "slack:CBIG", company: "nvidia", minUsd: 50e9, kinds: [] });
    await importObservations(store, [
      observation({ deal: "nvidia-xai-5b", from: "nvidia", to: "xai", title: { en: "Nvidia adds $5B to xAI" } }),
    ]);
    const r = await h.jobs.pollNow();
    expect(r.enqueued).toBe(2);
    const rows = await outbox(store, "alert:");
    expect(rows.map((x) => x.channel).sort()).toEqual(["discord:100", "slack:CNV"]);
    expect(rows[0]?.summary).toContain("Nvidia adds $5B to xAI");
    expect(rows[0]?.threadKey).toBe("deal:nvidia-xai-5b");
    expect(await h.jobs.pollNow()).toEqual({ events: 0, enqueued: 0 });
    expect(await outbox(store, "alert:")).toHaveLength(2);
  });

  it.each([
    ["a threshold above the amount", { minUsd: 10e9, kinds: [] }, 0],
    ["a threshold met by a Korean-won amount", { minUsd: 1e9, kinds: [] }, 1],
    ["only status changes wanted", { minUsd: null, kinds: ["status_changed"] }, 0],
    ["new deals wanted", { minUsd: null, kinds: ["deal_added"] }, 1],
  ] as const)("subscription with %s", async (_name, sub, expected) => {
    await setUp();
    await addSubscription(store.db, { channel: "slack:CT", company: "amd", ...sub, kinds: [...sub.kinds] });
    // ₩7.25조 ≈ $5B at the sample's KRW rate.
    await importObservations(store, [
      observation({
        deal: "amd-samsung-hbm",
        from: "amd",
        to: "amd",
        kind: "purchase",
        amount: { value: 7.25e12, currency: "KRW", qualifier: "exact" },
      }),
    ]);
    expect((await h.jobs.pollNow()).enqueued).toBe(expected);
  });

  it("a revision is a follow-up in the deal's thread, shown in the channel when material", async () => {
    // The last report of the Nvidia–OpenAI deal: up to $100B cut to $20B, stalled → reported.
    await setUp(["nvidia-openai-10gw@2026-02-04"]);
    await addSubscription(store.db, { channel: "slack:COAI", company: "openai", minUsd: null, kinds: [] });
    await importObservations(store, held);
    await h.jobs.pollNow();
    const rows = await outbox(store, "alert:");
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ threadKey: "deal:nvidia-openai-10gw", broadcast: true });
    expect(rows.map((r) => r.summary).join(" ")).toMatch(/\$20B/);
  });

  it.each([
    ["in one poll", {}],
    ["one event a poll (a backlog read in batches)", { alertBatchSize: 1 }],
  ])("two changes of one deal landing together each alert with the figures of their moment, %s", async (_, options) => {
    // Jan 31: talks stalled, still up to $100B. Feb 4: cut to $20B and reported again.
    await setUp(["nvidia-openai-10gw@2026-01-31", "nvidia-openai-10gw@2026-02-04"], options);
    await addSubscription(store.db, { channel: "slack:COAI", company: "openai", minUsd: null, kinds: [] });
    await importObservations(store, held);
    await h.jobs.pollNow();
    const rows = await outbox(store, "alert:");
    const stalled = rows.find((r) => r.summary.includes("stalled"));
    expect(stalled?.text).toContain("Talks on Nvidia's OpenAI investment stalled — up to $100B (Jan 31, WSJ)");
    expect(stalled?.text).toContain('{"label":"Amount","value":"up to $100B"}');
    expect(stalled?.text).not.toContain("$20B");
    const cut = rows.find((r) => r.summary.includes("cut to $20B"));
    expect(cut?.text).toContain('{"label":"Amount","value":"$20B"}');
    // the same report also ended the stall: the two changes stand together
    expect(cut?.text).toContain('{"label":"Status","value":"reported"}');
  });

  it("adding oracle → nvidia closes the loop nvidia → openai → oracle → nvidia: a loops alert", async () => {
    await setUp(["oracle-nvidia-chips"]);
    await addSubscription(store.db, { channel: "slack:CLOOP", company: "nvidia", minUsd: null, kinds: ["loops"] });
    await addSubscription(store.db, { channel: "slack:CNEWS", company: "amd", minUsd: null, kinds: ["loops"] });
    await importObservations(store, held);
    await h.jobs.pollNow();
    const rows = await outbox(store, "alert:");
    expect(rows.map((r) => r.channel)).toEqual(["slack:CLOOP"]);
    expect(rows[0]?.text).toMatch(/Nvidia → OpenAI → Oracle → Nvidia/);
  });

  it("a loops subscription stays quiet for a deal that closes no loop", async () => {
    await setUp();
    await addSubscription(store.db, { channel: "slack:CLOOP", company: "nvidia", minUsd: null, kinds: ["loops"] });
    await importObservations(store, [
      observation({ deal: "nvidia-tsmc-wafers", from: "nvidia", to: "tsmc", kind: "purchase" }),
    ]);
    expect((await h.jobs.pollNow()).enqueued).toBe(0);
  });

  it("exposure:$X alerts when the company's exposure to one counterparty crosses X, not again above it", async () => {
    await setUp(["openai-oracle-cloud"]);
    await addSubscription(store.db, {
      channel: "slack:CEXP",
      company: "oracle",
      minUsd: null,
      kinds: ["exposure"],
      exposureUsd: 200e9,
    });
    await setChannelLang(store.db, "slack:CKO", "ko");
    await addSubscription(store.db, {
      channel: "slack:CKO",
      company: "oracle",
      minUsd: null,
      kinds: ["exposure"],
      exposureUsd: 200e9,
    });
    await importObservations(store, held); // OpenAI buys $300B of Oracle cloud
    await h.jobs.pollNow();
    let rows = await outbox(store, "alert:");
    expect(rows).toHaveLength(2);
    const en = rows.find((r) => r.channel === "slack:CEXP");
    const ko = rows.find((r) => r.channel === "slack:CKO");
    expect(en?.text).toMatch(/exposure to OpenAI is now \$300B, past the \$200B alert threshold/);
    expect(ko?.text).toMatch(/오라클과 오픈AI 간 거래 규모가 3,000억 달러로 알림 기준/);
    await importObservations(store, [
      observation({
        deal: "openai-oracle-more",
        from: "openai",
        to: "oracle",
        kind: "purchase",
        amount: { value: 10e9, currency: "USD", qualifier: "exact" },
      }),
    ]);
    await h.jobs.pollNow();
    rows = await outbox(store, "alert:");
    expect(rows).toHaveLength(2);
  });

  it("a burst of 300 new deals folds into one summary for the channel", async () => {
    await setUp();
    await addSubscription(store.db, { channel: "slack:CBURST", company: "nvidia", minUsd: null, kinds: [] });
    await addSubscription(store.db, { channel: "slack:CCALM", company: "cerebras", minUsd: null, kinds: [] });
    const burst = Array.from({ length: 300 }, (_, i) =>
      observation({
        deal: `nvidia-burst-${i}`,
        from: "nvidia",
        to: i % 2 ? "openai" : "xai",
        amount: { value: (i + 1) * 1e8, currency: "USD", qualifier: "exact" },
      }),
    );
    burst.push(observation({ deal: "openai-cerebras-more", from: "openai", to: "cerebras", kind: "purchase" }));
    await importObservations(store, burst);
    await h.jobs.pollNow();
    const burstRows = (await outbox(store)).filter((r) => r.channel === "slack:CBURST");
    expect(burstRows).toHaveLength(1);
    expect(burstRows[0]?.summary).toContain("300");
    expect((await outbox(store)).filter((r) => r.channel === "slack:CCALM").map((r) => r.key)).toHaveLength(1);
  });

  it("a paused channel's subscriptions do not alert", async () => {
    await setUp();
    await addSubscription(store.db, { channel: "slack:CPAUSE", company: "nvidia", minUsd: null, kinds: [] });
    await pauseChannel(store.db, "slack:CPAUSE", "channel_not_found");
    await importObservations(store, [observation({ deal: "nvidia-xai-9", from: "nvidia", to: "xai" })]);
    expect((await h.jobs.pollNow()).enqueued).toBe(0);
  });

  it("events written through another store handle alert once, even with two pollers on two handles", async () => {
    await setUp();
    await addSubscription(store.db, { channel: "slack:CREP", company: "openai", minUsd: null, kinds: [] });
    const writer = await store.reopen();
    const second = await store.reopen();
    const other = await startTestJobs(second, clock);
    try {
      await importObservations(writer, [
        observation({ deal: "openai-amd-more", from: "openai", to: "amd", kind: "purchase" }),
        observation({ deal: "softbank-openai-more", from: "softbank", to: "openai" }),
      ]);
      // On PostgreSQL the two poll at the same moment. SQLite handles in one process would block each
      // other's event loop (better-sqlite3 waits synchronously), so there they poll one after the other.
      const [a, b] =
        dialect === "postgres"
          ? await Promise.all([h.jobs.pollNow(), other.jobs.pollNow()])
          : [await other.jobs.pollNow(), await h.jobs.pollNow()];
      expect(a.enqueued + b.enqueued).toBe(2);
      expect((await outbox(store, "alert:")).map((r) => r.key)).toHaveLength(2);
    } finally {
      await other.jobs.stop();
      await writer.close();
      await second.close();
    }
  });
});
