import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLease } from "../../src/jobs/lease.js";
import { advanceWatermark, getChannel, setDigestSchedule } from "../../src/store/channel-repository.js";
import { latestSeq } from "../../src/store/event-repository.js";
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

const HOUR = 3_600_000;

describe.each(dialects())("digest scheduler on %s", (dialect) => {
  let store: TestStore;
  let h: Harness;
  const clock = new FakeClock("2026-03-01T00:00:00Z");

  beforeEach(async () => {
    store = await openTestStore(dialect);
    await importObservations(store, []); // nothing yet: each test imports what it needs
    clock.set("2026-03-01T00:00:00Z");
  });
  afterEach(async () => {
    await h?.jobs.stop();
    await store.close();
  });

  async function withSample() {
    const { kept } = await sampleData();
    const { applyImport } = await import("../../src/import/apply.js");
    await applyImport(store, kept);
  }

  /** Runs the scheduler every `stepMin` minutes from `from` to `to` and returns the window keys sent, with when. */
  async function drive(from: string, to: string, stepMin: number) {
    const sent: { at: string; channels: string[] }[] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += stepMin * 60_000) {
      clock.set(new Date(t).toISOString());
      const r = await h.jobs.runDue();
      if (r.enqueued.length > 0) sent.push({ at: new Date(t).toISOString(), channels: r.enqueued });
    }
    return sent;
  }

  it.each([
    [
      "a 02:30 job on the spring-forward day in New York",
      "America/New_York",
      "02:30",
      "2026-03-07T12:00:00Z",
      "2026-03-09T12:00:00Z",
      ["2026-03-08", "2026-03-09"],
      "2026-03-08T07:30:00.000Z",
    ],
    [
      "a 01:30 job on the fall-back day in New York",
      "America/New_York",
      "01:30",
      "2026-10-31T12:00:00Z",
      "2026-11-02T12:00:00Z",
      ["2026-11-01", "2026-11-02"],
      "2026-11-01T05:30:00.000Z",
    ],
    [
      "an 08:00 job in Seoul (no DST)",
      "Asia/Seoul",
      "08:00",
      "2026-03-07T00:00:00Z",
      "2026-03-09T23:59:00Z",
      ["2026-03-08", "2026-03-09", "2026-03-10"],
      "2026-03-07T23:00:00.000Z",
    ],
  ])("%s runs exactly once each local day", async (_name, tz, time, from, to, windows, firstAt) => {
    clock.set(from);
    h = await startTestJobs(store, clock);
    await setDigestSchedule(store.db, "slack:CDST", { time, tz, lang: "en", emptyNotice: true }, clock.now());
    const sent = await drive(from, to, 30); // every half hour hits each due instant here
    const rows = await outbox(store, "digest:slack:CDST:");
    expect(rows.map((r) => r.key)).toEqual(windows.map((w) => `digest:slack:CDST:${w}`));
    expect(sent).toHaveLength(windows.length);
    expect(sent[0]?.at).toBe(firstAt);
  });

  it("a weekly digest goes out on its weekday only", async () => {
    h = await startTestJobs(store, clock);
    await setDigestSchedule(
      store.db,
      "discord:777",
      { time: "09:00", tz: "Asia/Seoul", lang: "ko", day: "mon", emptyNotice: true },
      clock.now(),
    );
    await drive("2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z", 60);
    expect((await outbox(store, "digest:")).map((r) => r.key)).toEqual([
      "digest:discord:777:2026-03-02",
      "digest:discord:777:2026-03-09",
    ]);
  });

  it("after downtime over several scheduled times, only the latest missed digest is sent, once", async () => {
    await withSample();
    await setDigestSchedule(store.db, "slack:CDOWN", { time: "08:00", tz: "Asia/Seoul", lang: "ko" }, clock.now());
    // The bot was down from before the first 08:00 until three days later, 10:00 Seoul.
    clock.set("2026-03-04T01:00:00Z");
    h = await startTestJobs(store, clock);
    const first = await h.jobs.runDue();
    expect(first.enqueued).toEqual(["slack:CDOWN"]);
    await h.jobs.runDue();
    await h.jobs.stop();
    h = await startTestJobs(store, clock); // restarted again the same day
    await h.jobs.runDue();
    const rows = await outbox(store, "digest:");
    expect(rows.map((r) => r.key)).toEqual(["digest:slack:CDOWN:2026-03-04"]);
    expect(rows[0]?.kind).toBe("digest");
    expect(rows[0]?.text).toContain("엔비디아");
  });

  it("with catch-up off, a missed window is skipped and the next one runs on time", async () => {
    await withSample();
    await setDigestSchedule(store.db, "slack:CSKIP", { time: "08:00", tz: "Asia/Seoul", lang: "en" }, clock.now());
    clock.set("2026-03-04T01:00:00Z");
    h = await startTestJobs(store, clock, { digestCatchup: false });
    expect((await h.jobs.runDue()).enqueued).toEqual([]);
    clock.set("2026-03-04T23:00:00Z");
    expect((await h.jobs.runDue()).enqueued).toEqual(["slack:CSKIP"]);
  });

  it("a digest carries the events past the watermark, up to the latest seq, and is not repeated before its send is confirmed", async () => {
    await withSample();
    const top = await latestSeq(store.db);
    await setDigestSchedule(store.db, "slack:CWM", { time: "08:00", tz: "Asia/Seoul", lang: "en" }, clock.now());
    h = await startTestJobs(store, clock);
    clock.set("2026-03-01T23:00:00Z");
    await h.jobs.runDue();
    const [day1] = await outbox(store, "digest:slack:CWM:");
    expect(day1?.watermarkSeq).toBe(top);
    expect(day1?.text).toContain("Nvidia");
    expect((await getChannel(store.db, "slack:CWM"))?.watermarkSeq).toBe(0); // not confirmed yet

    // Next day: nothing new happened, so nothing is sent even though day 1 is still unconfirmed.
    clock.set("2026-03-02T23:00:00Z");
    expect((await h.jobs.runDue()).enqueued).toEqual([]);

    // Day 3: one new deal lands after the day-1 send is confirmed; the digest holds only it.
    await advanceWatermark(store.db, "slack:CWM", top);
    await importObservations(store, [
      observation({
        deal: "amd-xai-chips",
        from: "xai",
        to: "amd",
        kind: "purchase",
        title: { en: "xAI buys AMD accelerators" },
      }),
    ]);
    clock.set("2026-03-03T23:00:00Z");
    await h.jobs.runDue();
    const day3 = (await outbox(store, "digest:slack:CWM:2026-03-04"))[0];
    expect(day3?.text).toContain("xAI buys AMD accelerators");
    expect(day3?.text).not.toContain("Oracle"); // the sample deals went out on day 1
    expect(day3?.watermarkSeq).toBe(await latestSeq(store.db));
  });

  it("a day without events posts nothing, or the one-liner when the channel asked for it", async () => {
    h = await startTestJobs(store, clock);
    await setDigestSchedule(store.db, "slack:CQUIET", { time: "08:00", tz: "Asia/Seoul", lang: "en" }, clock.now());
    await setDigestSchedule(
      store.db,
      "slack:CNOTE",
      { time: "08:00", tz: "Asia/Seoul", lang: "ko", emptyNotice: true },
      clock.now(),
    );
    clock.set("2026-03-01T23:00:00Z");
    const r = await h.jobs.runDue();
    expect(r.enqueued).toEqual(["slack:CNOTE"]);
    expect(r.empty).toEqual(["slack:CQUIET"]);
    const rows = await outbox(store, "digest:");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: "digest:slack:CNOTE:2026-03-02", kind: "notice" });
    expect(rows[0]?.summary.length).toBeGreaterThan(0);
  });

  it("the one-liner on a quiet day names the day of the latest news, in the channel's language", async () => {
    await withSample();
    const { latestObservedBefore } = await import("../../src/store/event-repository.js");
    const latest = await latestObservedBefore(store.db, null);
    expect(latest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [y, m, d] = (latest as string).split("-").map(Number);
    const channels = { "slack:CKO": "ko", "slack:CEN": "en" } as const;
    for (const [key, lang] of Object.entries(channels)) {
      await setDigestSchedule(store.db, key, { time: "08:00", tz: "Asia/Seoul", lang, emptyNotice: true }, clock.now());
      await advanceWatermark(store.db, key, await latestSeq(store.db)); // everything already delivered
    }
    h = await startTestJobs(store, clock);
    clock.set("2026-03-01T23:00:00Z");
    expect((await h.jobs.runDue()).enqueued.sort()).toEqual(["slack:CEN", "slack:CKO"]);
    const [ko] = await outbox(store, "digest:slack:CKO:");
    const [en] = await outbox(store, "digest:slack:CEN:");
    expect(ko?.summary).toBe(
      `오늘은 새로 보도된 AI 거래 소식이 없습니다. 가장 최근 소식은 ${y}년 ${m}월 ${d}일 관측분입니다.`,
    );
    const month = new Date(Date.UTC(y as number, (m as number) - 1, d)).toLocaleString("en-US", {
      month: "short",
      timeZone: "UTC",
    });
    expect(en?.summary).toBe(`No new AI deal events today; the latest was observed on ${month} ${d}, ${y}.`);
  });

  it("on a weekly schedule the one-liner speaks of the week, not of today", async () => {
    await withSample();
    for (const [key, lang] of [
      ["slack:CWKO", "ko"],
      ["slack:CWEN", "en"],
    ] as const) {
      await setDigestSchedule(
        store.db,
        key,
        { time: "08:00", tz: "Asia/Seoul", lang, day: "mon", emptyNotice: true },
        clock.now(),
      );
      await advanceWatermark(store.db, key, await latestSeq(store.db));
    }
    h = await startTestJobs(store, clock);
    clock.set("2026-03-01T23:00:00Z"); // Monday 08:00 in Seoul
    expect((await h.jobs.runDue()).enqueued.sort()).toEqual(["slack:CWEN", "slack:CWKO"]);
    const [ko] = await outbox(store, "digest:slack:CWKO:");
    const [en] = await outbox(store, "digest:slack:CWEN:");
    expect(ko?.summary).toMatch(
      /^이번 주에는 새로 보도된 AI 거래 소식이 없습니다\. 가장 최근 소식은 \d{4}년 \d{1,2}월 \d{1,2}일 관측분입니다\.$/,
    );
    expect(en?.summary).toMatch(/^No new AI deal events this week; the latest was observed on \w{3} \d{1,2}, \d{4}\.$/);
  });

  it("a run cannot overlap another run of the same channel's job", async () => {
    await withSample();
    h = await startTestJobs(store, clock);
    await setDigestSchedule(store.db, "slack:CLOCK", { time: "08:00", tz: "Asia/Seoul", lang: "en" }, clock.now());
    clock.set("2026-03-01T23:00:00Z");
    // Another process holds this channel's lease (it is composing the digest right now).
    expect(
      await acquireLease(store.db, "digest:slack:CLOCK", "other-replica", 10 * 60_000, clock.now().getTime()),
    ).toBe(true);
    expect((await h.jobs.runDue()).enqueued).toEqual([]);
    expect(await outbox(store, "digest:")).toHaveLength(0);
    // The other process died without finishing: once its lease expires the digest goes out, once.
    clock.advance(11 * 60_000);
    const [a, b] = await Promise.all([h.jobs.runDue(), h.jobs.runDue()]);
    expect(a.enqueued).toEqual(["slack:CLOCK"]);
    expect(b.enqueued).toEqual(["slack:CLOCK"]); // the same in-process run, not a second one
    expect(await outbox(store, "digest:")).toHaveLength(1);
  });

  it("a paused channel gets no digest until resumed", async () => {
    const { pauseChannel, resumeChannel } = await import("../../src/store/channel-repository.js");
    h = await startTestJobs(store, clock);
    await setDigestSchedule(
      store.db,
      "slack:CP",
      { time: "08:00", tz: "Asia/Seoul", lang: "en", emptyNotice: true },
      clock.now(),
    );
    await pauseChannel(store.db, "slack:CP", "not_in_channel");
    clock.set("2026-03-01T23:00:00Z");
    expect((await h.jobs.runDue()).enqueued).toEqual([]);
    await resumeChannel(store.db, "slack:CP");
    clock.advance(HOUR);
    expect((await h.jobs.runDue()).enqueued).toEqual(["slack:CP"]);
  });
});
