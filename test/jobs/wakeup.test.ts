import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadGraph } from "../../src/analytics/deal-graph.js";
import { type Jobs, startJobs } from "../../src/jobs/index.js";
import type { Store } from "../../src/store/db.js";
import { addSubscription } from "../../src/store/subscription-repository.js";
import { importSample, openTestStore, type TestStore } from "../helpers/store.js";
import { FakeClock, importObservations, observation, outbox, silentLogger, testConfig, until } from "./harness.js";

const url = process.env.DATABASE_URL;
if (!url)
  console.warn("LISTEN/NOTIFY test skipped: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)");

describe.skipIf(!url)("alerts wake on PostgreSQL NOTIFY", () => {
  let store: TestStore;
  let writer: Store;
  let jobs: Jobs;
  let wakes = 0;

  beforeEach(async () => {
    store = await openTestStore("postgres");
    writer = await store.reopen();
    await importSample(store);
    jobs = startJobs({
      store,
      graph: await loadGraph(store),
      // An hour between polls: only the notification can bring the alert out during the test.
      config: { ...testConfig, alertPollMs: 3_600_000, databaseUrl: url ?? null },
      dispatcher: { notify: () => void wakes++ },
      logger: silentLogger,
      clock: new FakeClock("2026-03-02T00:00:00Z"),
      listenUrl: url ?? null,
    });
    await jobs.ready();
    await jobs.pollNow();
  });
  afterEach(async () => {
    await jobs.stop();
    await writer.close();
    await store.close();
  });

  it("an event written by another process's handle is alerted without waiting for the poll, and the dispatcher is woken", async () => {
    await addSubscription(store.db, { channel: "discord:555", company: "oracle", minUsd: null, kinds: [] });
    await importObservations(writer, [
      observation({ deal: "oracle-amd-gpus", from: "oracle", to: "amd", kind: "purchase" }),
    ]);
    const rows = await until(
      () => outbox(store, "alert:"),
      (r) => r.length > 0,
    );
    expect(rows.map((r) => r.channel)).toEqual(["discord:555"]);
    // The wake follows the commit of the outbox row, so it is waited for, not raced.
    const woken = await until(
      async () => wakes,
      (n) => n > 0,
    );
    expect(woken).toBeGreaterThan(0);
  });
});
