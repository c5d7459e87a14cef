import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDispatcher, type Dispatcher } from "../../src/delivery/dispatcher.js";
import { createSlackSender } from "../../src/delivery/slack-sender.js";
import { applyImport } from "../../src/import/apply.js";
import { getWatermark, setDigestSchedule } from "../../src/store/channel-repository.js";
import { latestSeq } from "../../src/store/event-repository.js";
import { addSubscription } from "../../src/store/subscription-repository.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { openTestStore, type TestStore } from "../helpers/store.js";
import { FakeClock, type Harness, importObservations, sampleData, silentLogger, startTestJobs } from "./harness.js";

const body = (m: { text: string; blocks?: unknown[] } | undefined) =>
  m ? m.text + JSON.stringify(m.blocks ?? []) : "";

describe("digests and alerts reach Slack through the outbox (fake Slack on 127.0.0.1)", () => {
  let store: TestStore;
  let slack: FakeSlack;
  let dispatcher: Dispatcher;
  let h: Harness;
  const clock = new FakeClock("2026-03-01T00:00:00Z");

  beforeEach(async () => {
    store = await openTestStore("sqlite");
    slack = await startFakeSlack();
    dispatcher = createDispatcher({
      store,
      config: { slack: null, discord: null, defaultLang: "en" },
      logger: silentLogger,
      senders: {
        slack: createSlackSender({ token: "xoxb-test", apiUrl: slack.apiUrl, channelIntervalMs: 0, timeoutMs: 5000 }),
      },
      options: { pollMs: 50, policy: { baseDelayMs: 5, maxDelayMs: 20 } },
    });
  });
  afterEach(async () => {
    await h?.jobs.stop();
    await dispatcher.stop();
    await slack.close();
    await store.close();
  });

  it("the morning digest goes out once and moves the watermark; a revision threads under the first alert and shows in the channel", async () => {
    const { kept, held } = await sampleData(["nvidia-openai-10gw@2026-02-04"]);
    await applyImport(store, kept);
    h = await startTestJobs(store, clock);
    await h.jobs.pollNow();
    await setDigestSchedule(store.db, "slack:CE2E", { time: "08:00", tz: "Asia/Seoul", lang: "en" }, clock.now());
    await addSubscription(store.db, { channel: "slack:CE2E", company: "openai", minUsd: 1e9, kinds: [] });

    clock.set("2026-03-01T23:00:00Z");
    await h.jobs.runDue();
    await h.jobs.runDue();
    await dispatcher.drainOnce();
    expect(slack.history("CE2E")).toHaveLength(1);
    expect(body(slack.history("CE2E")[0])).toMatch(/Nvidia/);
    expect(await getWatermark(store.db, "slack:CE2E")).toBe(await latestSeq(store.db));

    await importObservations(store, held.observations); // $100B → $20B, stalled → reported
    await h.jobs.pollNow();
    await dispatcher.drainOnce();
    const [digest, first, followUp] = slack.history("CE2E");
    expect(digest?.thread_ts).toBeUndefined();
    expect(first?.thread_ts).toBeUndefined();
    expect(followUp?.thread_ts).toBe(first?.ts);
    expect(followUp?.reply_broadcast).toBe(true);

    // The next morning's digest holds only the revision, not yesterday's news again.
    clock.set("2026-03-02T23:00:00Z");
    await h.jobs.runDue();
    await dispatcher.drainOnce();
    const next = slack
      .history("CE2E")
      .filter((m) => !m.thread_ts)
      .at(-1);
    expect(body(next)).toMatch(/\$20B/);
    expect(next?.text).toMatch(/1 item\b/);
    expect(body(next)).not.toMatch(/New deals/);
  });
});
