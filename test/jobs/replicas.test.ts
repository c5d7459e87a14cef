import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLease } from "../../src/jobs/lease.js";
import { setDigestSchedule } from "../../src/store/channel-repository.js";
import type { Store } from "../../src/store/db.js";
import { openTestStore, type TestStore } from "../helpers/store.js";
import { FakeClock, type Harness, outbox, startTestJobs } from "./harness.js";

const url = process.env.DATABASE_URL;
if (!url) console.warn("replica tests skipped: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)");

describe.skipIf(!url)("two replicas on one PostgreSQL store", () => {
  let store: TestStore;
  let second: Store;
  let a: Harness;
  let b: Harness;
  const clock = new FakeClock("2026-03-01T00:00:00Z");
  const channels = Array.from({ length: 50 }, (_, i) => `slack:CR${String(i).padStart(2, "0")}`);

  beforeEach(async () => {
    store = await openTestStore("postgres");
    second = await store.reopen();
    clock.set("2026-03-01T00:00:00Z");
    for (const ch of channels) {
      await setDigestSchedule(
        store.db,
        ch,
        { time: "08:00", tz: "Asia/Seoul", lang: "ko", emptyNotice: true },
        clock.now(),
      );
    }
    a = await startTestJobs(store, clock);
    b = await startTestJobs(second, clock);
  });
  afterEach(async () => {
    await a.jobs.stop();
    await b.jobs.stop();
    await second.close();
    await store.close();
  });

  it("50 channels due at the same minute get exactly 50 digests", async () => {
    clock.set("2026-03-01T23:00:00Z");
    const [ra, rb] = await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
    expect(ra.enqueued.length + rb.enqueued.length).toBe(50);
    const rows = await outbox(store, "digest:");
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(channels));
    // Both keep ticking through the minute: still 50.
    clock.advance(30_000);
    await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
    expect(await outbox(store, "digest:")).toHaveLength(50);
  });

  it("when one replica dies, the other keeps the schedule, including the channels the dead one was running", async () => {
    clock.set("2026-03-01T23:00:00Z");
    // Replica A died mid-run holding the leases of five channels.
    for (const ch of channels.slice(0, 5))
      await acquireLease(store.db, `digest:${ch}`, "replica-a", 10 * 60_000, clock.now().getTime());
    await a.jobs.stop();
    expect((await b.jobs.runDue()).enqueued).toHaveLength(45);
    clock.advance(11 * 60_000); // the dead replica's leases expire
    expect((await b.jobs.runDue()).enqueued).toHaveLength(5);
    clock.set("2026-03-02T23:00:00Z"); // and the next day too
    expect((await b.jobs.runDue()).enqueued).toHaveLength(50);
    expect(await outbox(store, "digest:")).toHaveLength(100);
  });
});
