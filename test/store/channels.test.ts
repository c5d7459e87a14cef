import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  advanceWatermark,
  claimDigestWindow,
  getChannel,
  getWatermark,
  listDueSchedules,
  pauseChannel,
  resumeChannel,
  setChannelLang,
  setDigestSchedule,
} from "../../src/store/channel-repository.js";
import {
  addSubscription,
  listActiveSubscriptions,
  listSubscriptions,
  removeSubscription,
  subscriptionsRev,
} from "../../src/store/subscription-repository.js";
import { dialects, openTestStore, type TestStore } from "../helpers/store.js";

describe.each(dialects())("channels and subscriptions on %s", (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("an unknown channel has no settings and a zero watermark", async () => {
    expect(await getChannel(store.db, "slack:CNONE")).toBeNull();
    expect(await getWatermark(store.db, "slack:CNONE")).toBe(0);
  });

  it("a digest schedule is stored with its time zone, day, language and empty-day notice", async () => {
    const at = new Date("2026-03-01T00:00:00Z");
    await setDigestSchedule(
      store.db,
      "slack:C1",
      { time: "08:00", tz: "Asia/Seoul", lang: "ko", day: "mon", emptyNotice: true },
      at,
    );
    const ch = await getChannel(store.db, "slack:C1");
    expect(ch?.digest).toEqual({
      time: "08:00",
      tz: "Asia/Seoul",
      lang: "ko",
      day: "mon",
      emptyNotice: true,
      setAt: at.toISOString(),
    });
    expect(ch?.platform).toBe("slack");
    await setChannelLang(store.db, "slack:C1", "en");
    expect((await getChannel(store.db, "slack:C1"))?.lang).toBe("en");
    expect((await getChannel(store.db, "slack:C1"))?.digest?.lang).toBe("ko");
  });

  it.each([
    [{ time: "8:00", tz: "Asia/Seoul", lang: "ko" }],
    [{ time: "24:00", tz: "Asia/Seoul", lang: "ko" }],
    [{ time: "08:00", tz: "Mars/Olympus", lang: "ko" }],
    [{ time: "08:00", tz: "Asia/Seoul", lang: "fr" }],
  ])("a malformed schedule %j is refused", async (bad) => {
    await expect(setDigestSchedule(store.db, "slack:C9", bad as never)).rejects.toThrow();
  });

  it("digest off removes the channel from the due schedules; pausing hides it too", async () => {
    await setDigestSchedule(store.db, "discord:42", { time: "09:30", tz: "Europe/London", lang: "en" });
    expect((await listDueSchedules(store.db)).map((c) => c.key)).toContain("discord:42");
    await pauseChannel(store.db, "discord:42", "lost access");
    expect((await listDueSchedules(store.db)).map((c) => c.key)).not.toContain("discord:42");
    expect((await getChannel(store.db, "discord:42"))?.pausedReason).toBe("lost access");
    await resumeChannel(store.db, "discord:42");
    expect((await listDueSchedules(store.db)).map((c) => c.key)).toContain("discord:42");
    await setDigestSchedule(store.db, "discord:42", null);
    expect((await listDueSchedules(store.db)).map((c) => c.key)).not.toContain("discord:42");
  });

  it("the watermark only moves forward", async () => {
    await advanceWatermark(store.db, "slack:C1", 10);
    await advanceWatermark(store.db, "slack:C1", 7);
    expect(await getWatermark(store.db, "slack:C1")).toBe(10);
    await advanceWatermark(store.db, "slack:C1", 12);
    expect(await getWatermark(store.db, "slack:C1")).toBe(12);
  });

  it("a digest window is claimed once", async () => {
    expect(await claimDigestWindow(store.db, "slack:C1", "2026-03-02", 5)).toBe(true);
    expect(await claimDigestWindow(store.db, "slack:C1", "2026-03-02", 5)).toBe(false);
    expect(await claimDigestWindow(store.db, "slack:C1", "2026-03-01", 5)).toBe(false);
    expect(await claimDigestWindow(store.db, "slack:C1", "2026-03-03", 6)).toBe(true);
  });

  it("subscribing twice to a company replaces the threshold and kinds; unsubscribing removes it", async () => {
    const rev0 = await subscriptionsRev(store.db);
    await addSubscription(store.db, { channel: "slack:C2", company: "nvidia", minUsd: 1e9, kinds: [] });
    const s = await addSubscription(store.db, {
      channel: "slack:C2",
      company: "nvidia",
      minUsd: 5e9,
      kinds: ["deal_added", "exposure"],
      exposureUsd: 50e9,
    });
    expect(s).toMatchObject({ company: "nvidia", minUsd: 5e9, kinds: ["deal_added", "exposure"], exposureUsd: 50e9 });
    await addSubscription(store.db, { channel: "slack:C2", company: "openai", minUsd: null, kinds: [] });
    const list = await listSubscriptions(store.db, "slack:C2");
    expect(list.map((x) => x.company)).toEqual(["nvidia", "openai"]);
    expect(list[1]?.kinds).toEqual(["deal_added", "amount_changed", "status_changed"]);
    expect(await subscriptionsRev(store.db)).toBeGreaterThan(rev0);
    expect(await removeSubscription(store.db, "slack:C2", "openai")).toBe(true);
    expect(await removeSubscription(store.db, "slack:C2", "openai")).toBe(false);
    expect((await listSubscriptions(store.db, "slack:C2")).map((x) => x.company)).toEqual(["nvidia"]);
  });

  it("an exposure subscription without a threshold is refused", async () => {
    await expect(
      addSubscription(store.db, { channel: "slack:C2", company: "amd", minUsd: null, kinds: ["exposure"] }),
    ).rejects.toThrow(/threshold/);
  });

  it("a paused channel's subscriptions are not active", async () => {
    await addSubscription(store.db, { channel: "slack:C3", company: "oracle", minUsd: null, kinds: [] });
    await pauseChannel(store.db, "slack:C3", "channel_not_found");
    expect((await listActiveSubscriptions(store.db)).some((s) => s.channel === "slack:C3")).toBe(false);
    await resumeChannel(store.db, "slack:C3");
    expect((await listActiveSubscriptions(store.db)).some((s) => s.channel === "slack:C3")).toBe(true);
  });
});
