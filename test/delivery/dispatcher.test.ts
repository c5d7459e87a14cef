/** The outbox and dispatcher against the fake Slack: once per key, in order, split, threaded, watermarks. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueue, getOutboxRow, listOutbox } from "../../src/delivery/outbox.js";
import { getWatermark } from "../../src/store/channel-repository.js";
import { startFakeDiscord } from "../fakes/discord.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { dialects, openTestStore, type TestStore } from "../helpers/store.js";
import { discordSenderFor, dispatcherFor, longDigest, sampleDigest, sampleTitle, slackSenderFor } from "./helpers.js";

const keysIn = (fake: FakeSlack, channel: string) => fake.history(channel).map((m) => m.metadata?.event_payload.key);

describe.each(dialects())("outbox and dispatcher on %s", (dialect) => {
  let store: TestStore;
  let slack: FakeSlack;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    slack = await startFakeSlack();
  });
  afterEach(async () => {
    await slack.close();
    await store.close();
  });

  it("writes a message once per idempotency key and posts it once", async () => {
    const input = {
      key: "digest:slack:C1:2026-02-04",
      channel: "slack:C1",
      kind: "digest" as const,
      message: sampleDigest("ko"),
      watermarkSeq: 12,
    };
    expect(await enqueue(store.db, input)).toBe(true);
    expect(await enqueue(store.db, { ...input, message: sampleDigest("en") })).toBe(false);
    const d = dispatcherFor(store, { slack: slackSenderFor(slack) });
    await d.drainOnce();
    await enqueue(store.db, input);
    await d.drainOnce();

    expect(slack.history("C1")).toHaveLength(1);
    expect(JSON.stringify(slack.history("C1")[0]?.blocks)).toContain(sampleTitle(0, "ko").slice(0, 10));
    const row = await getOutboxRow(store.db, input.key);
    expect(row).toMatchObject({ status: "sent", refs: [slack.history("C1")[0]?.ts] });
    expect(await getWatermark(store.db, "slack:C1")).toBe(12);
  });

  it("leaves the watermark alone until the digest is confirmed", async () => {
    slack.fail("chat.postMessage", { error: "invalid_blocks" });
    await enqueue(store.db, {
      key: "digest:slack:C1:w",
      channel: "slack:C1",
      kind: "digest",
      message: sampleDigest("en"),
      watermarkSeq: 40,
    });
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();
    expect((await getOutboxRow(store.db, "digest:slack:C1:w"))?.status).toBe("failed");
    expect(await getWatermark(store.db, "slack:C1")).toBe(0);
  });

  it("sends each channel's messages in the order they were written", async () => {
    for (let i = 0; i < 4; i++) {
      for (const ch of ["C1", "C2", "C3"]) {
        await enqueue(store.db, {
          key: `alert:${ch}:${i}`,
          channel: `slack:${ch}`,
          kind: "alert",
          message: sampleDigest("en", i, 1),
        });
      }
    }
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();
    for (const ch of ["C1", "C2", "C3"])
      expect(keysIn(slack, ch)).toEqual([0, 1, 2, 3].map((i) => `alert:${ch}:${i}#0`));
  });

  it("posts a long message as several platform messages in order and records every ref", async () => {
    await enqueue(store.db, {
      key: "digest:slack:C9:long",
      channel: "slack:C9",
      kind: "digest",
      message: longDigest(120),
    });
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();
    const posted = slack.history("C9");
    expect(posted.length).toBeGreaterThan(1);
    expect(keysIn(slack, "C9")).toEqual(posted.map((_, i) => `digest:slack:C9:long#${i}`));
    const row = await getOutboxRow(store.db, "digest:slack:C9:long");
    expect(row?.refs).toEqual(posted.map((m) => m.ts));
    const text = JSON.stringify(posted.map((m) => m.blocks));
    expect(text.indexOf("1. ")).toBeLessThan(text.indexOf("120. "));
  });

  it("posts rows sharing a thread key as replies to the first one, broadcast when asked", async () => {
    const base = { channel: "slack:C5", kind: "alert" as const, threadKey: "deal:nvidia-openai-10gw" };
    await enqueue(store.db, { ...base, key: "alert:1:a", message: sampleDigest("en", 0, 1) });
    await enqueue(store.db, { ...base, key: "alert:1:b", message: sampleDigest("en", 1, 1) });
    await enqueue(store.db, { ...base, key: "alert:1:c", message: sampleDigest("en", 2, 1), broadcast: true });
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();
    const [root, reply, broadcast] = slack.history("C5");
    expect(root?.thread_ts).toBeUndefined();
    expect(reply).toMatchObject({ thread_ts: root?.ts });
    expect(reply?.reply_broadcast).toBeUndefined();
    expect(broadcast).toMatchObject({ thread_ts: root?.ts, reply_broadcast: true });
  });

  it("lets two dispatchers on one store share the queue without sending anything twice", async () => {
    const channels = Array.from({ length: 12 }, (_, i) => `C${i}`);
    for (const ch of channels) {
      for (let i = 0; i < 3; i++)
        await enqueue(store.db, {
          key: `alert:${ch}:${i}`,
          channel: `slack:${ch}`,
          kind: "alert",
          message: sampleDigest("ko", i, 1),
        });
    }
    const other = await store.reopen();
    try {
      await Promise.all([
        dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce(),
        dispatcherFor(other, { slack: slackSenderFor(slack) }).drainOnce(),
      ]);
    } finally {
      await other.close();
    }
    for (const ch of channels) expect(keysIn(slack, ch)).toEqual([0, 1, 2].map((i) => `alert:${ch}:${i}#0`));
    expect((await listOutbox(store.db, { status: "sent" })).length).toBe(36);
  });

  it("paces each Slack channel to the platform's per-channel limit, so a limit-enforcing Slack never answers 429", async () => {
    const strict = await startFakeSlack({ channelRateLimit: { intervalMs: 150 } });
    try {
      const channels = Array.from({ length: 20 }, (_, i) => `slack:CF${i}`);
      await enqueueMany(store, channels, 3);
      await dispatcherFor(store, { slack: slackSenderFor(strict, 160) }).drainOnce();
      expect(strict.rateLimited).toBe(0);
      for (const ch of channels) expect(strict.history(ch.slice(6))).toHaveLength(3);
    } finally {
      await strict.close();
    }
  });

  it("settles a lone message as soon as it is confirmed, without waiting to gather others", async () => {
    // With Slack's 1 s per channel, confirmations may wait up to 0.5 s to be written with others'.
    await enqueue(store.db, {
      key: "digest:slack:C1:lone",
      channel: "slack:C1",
      kind: "digest",
      message: sampleDigest("en"),
      watermarkSeq: 3,
    });
    const started = performance.now();
    await dispatcherFor(store, { slack: slackSenderFor(slack, 1000) }).drainOnce();
    expect(performance.now() - started).toBeLessThan(400);
    expect((await getOutboxRow(store.db, "digest:slack:C1:lone"))?.status).toBe("sent");
    expect(await getWatermark(store.db, "slack:C1")).toBe(3);
  });

  it("follows Discord's per-route bucket headers, so a limit-enforcing Discord never answers 429", async () => {
    const strict = await startFakeDiscord({ routeLimit: { limit: 3, resetAfterMs: 300 } });
    try {
      await enqueueMany(store, ["discord:501", "discord:502"], 7);
      await dispatcherFor(store, { discord: discordSenderFor(strict) }).drainOnce();
      expect(strict.rateLimited).toBe(0);
      expect(strict.messages.filter((m) => m.channel_id === "501")).toHaveLength(7);
      expect(strict.messages.filter((m) => m.channel_id === "502")).toHaveLength(7);
    } finally {
      await strict.close();
    }
  });

  it("hands a row waiting out a long Retry-After back to the queue instead of holding it", async () => {
    slack.fail("chat.postMessage", { status: 429, headers: { "Retry-After": "2" } });
    await enqueue(store.db, { key: "alert:wait", channel: "slack:CW", kind: "alert", message: sampleDigest("en") });
    await dispatcherFor(store, { slack: slackSenderFor(slack) }, { maxInlineWaitMs: 100 }).drainOnce();
    const row = await getOutboxRow(store.db, "alert:wait");
    expect(row).toMatchObject({ status: "pending", leaseOwner: null, attempts: 0 });
    expect(row?.nextAttemptAt).toBeGreaterThan(Date.now() + 1000);
    expect(slack.history("CW")).toHaveLength(0);
  });

  it("on stop, hands held rows back; another dispatcher then sends each message once", async () => {
    slack.fail("chat.postMessage", { status: 500, body: "down" });
    await enqueue(store.db, { key: "alert:stop", channel: "slack:CS", kind: "alert", message: sampleDigest("en") });
    const d = dispatcherFor(
      store,
      { slack: slackSenderFor(slack) },
      { policy: { baseDelayMs: 10_000, maxDelayMs: 10_000 }, random: () => 0.5 },
    );
    d.start();
    while (slack.calls.filter((c) => c.method === "chat.postMessage").length === 0)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    await d.stop();
    expect(await getOutboxRow(store.db, "alert:stop")).toMatchObject({
      status: "pending",
      leaseOwner: null,
      attempts: 1,
    });
    await store.db.updateTable("outbox").set({ next_attempt_at: 0 }).execute();
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();
    expect(slack.history("CS")).toHaveLength(1);
  });
});

async function enqueueMany(store: TestStore, channels: string[], n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    for (const ch of channels)
      await enqueue(store.db, {
        key: `alert:${ch}:${i}`,
        channel: ch,
        kind: "alert",
        message: sampleDigest("en", i, 1),
      });
  }
}
