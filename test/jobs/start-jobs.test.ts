import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadGraph } from "../../src/analytics/deal-graph.js";
import { type Jobs, startJobs } from "../../src/jobs/index.js";
import { setDigestSchedule } from "../../src/store/channel-repository.js";
import { addSubscription } from "../../src/store/subscription-repository.js";
import { importSample, openTestStore, type TestStore } from "../helpers/store.js";
import { FakeClock, importObservations, observation, outbox, silentLogger, testConfig, until } from "./harness.js";

describe("the bot's jobs as main.ts starts them (timers on)", () => {
  let store: TestStore;
  let jobs: Jobs | undefined;

  beforeEach(async () => {
    store = await openTestStore("sqlite");
    await importSample(store);
  });
  afterEach(async () => {
    await jobs?.stop();
    await store.close();
  });

  it("a restart after downtime over the scheduled time sends the missed digest at start, once, then alerts on new events", async () => {
    await setDigestSchedule(
      store.db,
      "console:main",
      { time: "08:00", tz: "Asia/Seoul", lang: "ko" },
      new Date("2026-03-01T00:00:00Z"),
    );
    await addSubscription(store.db, { channel: "console:main", company: "broadcom", minUsd: null, kinds: [] });
    // Four scheduled times passed while the bot was down; it comes back at noon Seoul time.
    const boot = async () =>
      startJobs({
        store,
        graph: await loadGraph(store),
        config: { ...testConfig, alertPollMs: 100 },
        dispatcher: { notify: () => undefined },
        logger: silentLogger,
        clock: new FakeClock("2026-03-05T03:00:00Z"),
      });
    jobs = await boot();
    const digests = await until(
      () => outbox(store, "digest:"),
      (r) => r.length > 0,
    );
    expect(digests.map((r) => r.key)).toEqual(["digest:console:main:2026-03-05"]);

    await importObservations(store, [
      observation({ deal: "broadcom-openai-asic", from: "openai", to: "broadcom", kind: "purchase" }),
    ]);
    const alerts = await until(
      () => outbox(store, "alert:"),
      (r) => r.length > 0,
    );
    expect(alerts).toHaveLength(1);

    // Restarted once more the same day: nothing is sent again.
    await jobs.stop();
    jobs = await boot();
    await jobs.runDue();
    await jobs.pollNow();
    expect(await outbox(store, "digest:")).toHaveLength(1);
    expect(await outbox(store, "alert:")).toHaveLength(1);
  });
});
