/**
 * Delivery under platform faults, against the fake Slack and Discord over real HTTP: rate limits and
 * server errors, answers lost after the platform accepted, lost channel access, an exhausted retry budget.
 */
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { registerOutboxCommand } from "../../src/cli/outbox-command.js";
import { enqueue, getOutboxRow, listOutbox } from "../../src/delivery/outbox.js";
import { getChannel } from "../../src/store/channel-repository.js";
import { type FakeDiscord, startFakeDiscord } from "../fakes/discord.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { dialects, openTestStore, type TestStore } from "../helpers/store.js";
import { discordSenderFor, dispatcherFor, sampleDigest, slackSenderFor } from "./helpers.js";

const slackKeys = (fake: FakeSlack, channel: string) => fake.history(channel).map((m) => m.metadata?.event_payload.key);
const discordNonces = (fake: FakeDiscord, channel: string) =>
  fake.messages.filter((m) => m.channel_id === channel).map((m) => m.content + JSON.stringify(m.embeds));

async function enqueueAlerts(store: TestStore, channels: string[], n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    for (const ch of channels)
      await enqueue(store.db, {
        key: `alert:${ch}:${i}`,
        channel: ch,
        kind: "alert",
        message: sampleDigest("ko", i, 1),
      });
  }
}

describe.each(dialects())("delivery faults on %s", (dialect) => {
  let store: TestStore;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    slack = await startFakeSlack();
    discord = await startFakeDiscord();
  });
  afterEach(async () => {
    await slack.close();
    await discord.close();
    await store.close();
  });

  it("Slack: 429 with Retry-After, then 500s, then success delivers every message exactly once, in order per channel", async () => {
    slack.fail("chat.postMessage", {
      status: 429,
      headers: { "Retry-After": "1" },
      body: { ok: false, error: "ratelimited" },
    });
    slack.fail("chat.postMessage", { status: 500, body: "oops" }, 2);
    slack.fail("chat.postMessage", { status: 503, body: "oops" });
    await enqueueAlerts(store, ["slack:C1", "slack:C2"], 3);
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();
    for (const ch of ["C1", "C2"])
      expect(slackKeys(slack, ch)).toEqual([0, 1, 2].map((i) => `alert:slack:${ch}:${i}#0`));
    expect(slack.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(6 + 4);
  });

  it("Discord: 429 with Retry-After, then 500s, then success delivers every message exactly once, in order per channel", async () => {
    const limited = {
      "retry-after": "1",
      "x-ratelimit-scope": "user",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset-after": "0.2",
    };
    discord.fail("POST /channels/:id/messages", {
      status: 429,
      headers: limited,
      body: { message: "You are being rate limited.", retry_after: 0.2, global: false },
    });
    discord.fail("POST /channels/:id/messages", { status: 500, body: { message: "oops", code: 0 } }, 3);
    await enqueueAlerts(store, ["discord:111", "discord:222"], 3);
    await dispatcherFor(store, { discord: discordSenderFor(discord) }).drainOnce();
    for (const ch of ["111", "222"]) {
      const want = [0, 1, 2].map((i) => sampleDigest("ko", i, 1).blocks);
      const got = discordNonces(discord, ch);
      expect(got).toHaveLength(3);
      for (const [i, blocks] of want.entries())
        expect(got[i]).toContain(JSON.stringify((blocks[1] as { items: string[] }).items[0]).slice(1, 20));
    }
    expect(
      discord.messages.every(
        (m) => JSON.stringify(m.allowed_mentions) === JSON.stringify({ parse: [], replied_user: false }),
      ),
    ).toBe(true);
  });

  it.each(["before", "after"] as const)(
    "Slack: a connection dropped %s accepting posts the message once (reconciled by metadata)",
    async (drop) => {
      slack.fail("chat.postMessage", { drop });
      await enqueueAlerts(store, ["slack:C7"], 2);
      await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();
      expect(slackKeys(slack, "C7")).toEqual(["alert:slack:C7:0#0", "alert:slack:C7:1#0"]);
      const row = await getOutboxRow(store.db, "alert:slack:C7:0");
      expect(row).toMatchObject({ status: "sent", refs: [slack.history("C7")[0]?.ts] });
    },
  );

  it.each(["before", "after"] as const)(
    "Discord: a connection dropped %s accepting posts the message once (nonce)",
    async (drop) => {
      discord.fail("POST /channels/:id/messages", { drop });
      await enqueueAlerts(store, ["discord:333"], 2);
      await dispatcherFor(store, { discord: discordSenderFor(discord) }).drainOnce();
      expect(discord.messages.filter((m) => m.channel_id === "333")).toHaveLength(2);
      const first = discord.messages[0];
      expect((await getOutboxRow(store.db, "alert:discord:333:0"))?.refs).toEqual([first?.id]);
      expect(discord.requests.filter((r) => r.route === "POST /channels/:id/messages")).toHaveLength(3);
    },
  );

  it.each([
    ["slack", "channel_not_found"],
    ["slack", "not_in_channel"],
    ["slack", "is_archived"],
    ["discord", "403 Missing Access"],
  ] as const)(
    "%s %s: parks the channel's queue, pauses the channel, tells the admins, never retries",
    async (platform, why) => {
      const channel = platform === "slack" ? "slack:CGONE" : "discord:444";
      // One fault only: a retry would succeed, so a retried row would show up on the platform.
      if (platform === "slack") slack.fail("chat.postMessage", { error: why });
      else
        discord.fail("POST /channels/:id/messages", { status: 403, body: { code: 50001, message: "Missing Access" } });
      await enqueueAlerts(store, [channel], 3);
      const d = dispatcherFor(
        store,
        { slack: slackSenderFor(slack), discord: discordSenderFor(discord) },
        { adminChannel: "slack:CADMIN" },
      );
      await d.drainOnce();
      await d.drainOnce();

      const posts =
        platform === "slack"
          ? slack.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === "CGONE")
          : discord.requests.filter((r) => r.path === "/channels/444/messages");
      expect(posts).toHaveLength(1);
      expect((await listOutbox(store.db, { channel })).map((r) => r.status)).toEqual(["paused", "paused", "paused"]);
      expect(await getChannel(store.db, channel)).toMatchObject({ paused: true });
      const notice = slack.history("CADMIN");
      expect(notice).toHaveLength(1);
      expect(notice[0]?.text).toContain(channel);
      expect(JSON.stringify(notice[0]?.blocks)).toContain("채널 전송 중단");
    },
  );

  it("parks a message as failed after the retry budget; `outbox --failed` shows it and `outbox --retry` sends it", async () => {
    slack.fail("chat.postMessage", { status: 500, body: "down" }, 4);
    await enqueueAlerts(store, ["slack:C8"], 2);
    const d = dispatcherFor(store, { slack: slackSenderFor(slack) }, { policy: { maxAttempts: 4 } });
    await d.drainOnce();
    const failed = await getOutboxRow(store.db, "alert:slack:C8:0");
    expect(failed).toMatchObject({ status: "failed", attempts: 4 });
    expect(failed?.lastError).toContain("HTTP 500");
    // The channel's next message is not held up by the parked one.
    expect(slackKeys(slack, "C8")).toEqual(["alert:slack:C8:1#0"]);

    if (dialect === "sqlite") {
      const listed = await runCli(["outbox", "--failed", "--lang", "en", "--db", store.path as string]);
      expect(listed).toContain(`#${failed?.id}`);
      expect(listed).toContain("alert:slack:C8:0");
      expect(listed).toContain("HTTP 500");
      const retried = await runCli([
        "outbox",
        "--retry",
        String(failed?.id),
        "--lang",
        "ko",
        "--db",
        store.path as string,
      ]);
      expect(retried).toContain(`다시 대기열에 넣었습니다: #${failed?.id}`);
    } else {
      const { requeue } = await import("../../src/delivery/outbox.js");
      expect(await requeue(store.db)).toEqual([failed?.id]);
    }
    await d.drainOnce();
    expect(slackKeys(slack, "C8")).toEqual(["alert:slack:C8:1#0", "alert:slack:C8:0#0"]);
    expect((await getOutboxRow(store.db, "alert:slack:C8:0"))?.status).toBe("sent");
  });
});

async function runCli(argv: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerOutboxCommand(program);
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(["node", "dealgraph", ...argv]);
  } finally {
    spy.mockRestore();
  }
  return out;
}
