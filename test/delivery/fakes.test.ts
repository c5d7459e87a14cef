/** The fake platforms answer the real SDKs the way Slack and Discord do. */
import { webApi } from "@slack/bolt";
import { Client, Events, GatewayIntentBits, REST, Routes } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeDiscord } from "../fakes/discord.js";
import { startFakeSlack } from "../fakes/slack.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe("fake Slack with the real WebClient", () => {
  it("stores posts with metadata and thread fields and lists them newest first with metadata on request", async () => {
    const fake = await startFakeSlack();
    closers.push(fake.close);
    const client = new webApi.WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect((await client.auth.test()).user_id).toBe("U0BOT");
    const first = await client.chat.postMessage({
      channel: "C1",
      text: "첫 브리핑",
      metadata: { event_type: "dealgraph_outbox", event_payload: { key: "k1" } },
    });
    await client.chat.postMessage({
      channel: "C1",
      text: "reply",
      thread_ts: first.ts as string,
      reply_broadcast: true,
    });
    await client.chat.postMessage({ channel: "C1", text: "hidden reply", thread_ts: first.ts as string });
    const hist = await client.conversations.history({ channel: "C1", include_all_metadata: true });
    expect(hist.messages?.map((m) => m.text)).toEqual(["reply", "첫 브리핑"]);
    expect(hist.messages?.[1]?.metadata?.event_payload).toEqual({ key: "k1" });
    const plain = await client.conversations.history({ channel: "C1" });
    expect(plain.messages?.[1]?.metadata).toBeUndefined();
    expect(fake.history("C1")).toHaveLength(3);
  });

  it("answers queued faults: rate limit, Slack error, dropped connection after storing", async () => {
    const fake = await startFakeSlack({ users: { UADMIN: { is_admin: true } } });
    closers.push(fake.close);
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    fake.fail("chat.postMessage", { status: 429, headers: { "Retry-After": "3" } });
    fake.fail("chat.postMessage", { error: "channel_not_found" });
    fake.fail("chat.postMessage", { drop: "after" });
    await expect(client.chat.postMessage({ channel: "C1", text: "a" })).rejects.toMatchObject({
      code: "slack_webapi_rate_limited_error",
      retryAfter: 3,
    });
    await expect(client.chat.postMessage({ channel: "C1", text: "b" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(client.chat.postMessage({ channel: "C1", text: "c" })).rejects.toMatchObject({
      code: "slack_webapi_request_error",
    });
    expect(fake.history("C1").map((m) => m.text)).toEqual(["c"]);
    expect((await client.users.info({ user: "UADMIN" })).user?.is_admin).toBe(true);
  });

  it("enforces the per-channel limit with 429 and Retry-After", async () => {
    const fake = await startFakeSlack({ channelRateLimit: { intervalMs: 1000 } });
    closers.push(fake.close);
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await client.chat.postMessage({ channel: "C1", text: "a" });
    await client.chat.postMessage({ channel: "C2", text: "a" });
    await expect(client.chat.postMessage({ channel: "C1", text: "b" })).rejects.toMatchObject({ retryAfter: 1 });
    expect(fake.rateLimited).toBe(1);
  });

  it("collects response_url posts", async () => {
    const fake = await startFakeSlack();
    closers.push(fake.close);
    const res = await fetch(fake.responseUrl("cmd-1"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "hi" }),
    });
    expect(res.status).toBe(200);
    expect(fake.posts).toMatchObject([{ method: "response_url", id: "cmd-1", body: { text: "hi" } }]);
  });
});

describe("fake Discord with the real discord.js", () => {
  it("returns the original message for a repeated nonce with enforce_nonce", async () => {
    const fake = await startFakeDiscord();
    closers.push(fake.close);
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken("fake.token.value");
    const body = { content: "안녕하세요", nonce: "abc", enforce_nonce: true, allowed_mentions: { parse: [] } };
    const a = (await rest.post(Routes.channelMessages("123"), { body })) as { id: string };
    const b = (await rest.post(Routes.channelMessages("123"), { body })) as { id: string };
    expect(b.id).toBe(a.id);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.allowed_mentions).toEqual({ parse: [] });
  });

  it("answers 403 Missing Access and records command registration", async () => {
    const fake = await startFakeDiscord();
    closers.push(fake.close);
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken("fake.token.value");
    fake.fail("POST /channels/:id/messages", { status: 403, body: { code: 50001, message: "Missing Access" } });
    await expect(rest.post(Routes.channelMessages("9"), { body: { content: "x" } })).rejects.toMatchObject({
      status: 403,
      code: 50001,
    });
    await rest.put(Routes.applicationGuildCommands("100000000000000001", "55"), {
      body: [{ name: "funding", description: "d" }],
    });
    expect(fake.commands.get("guild:55")).toEqual([{ name: "funding", description: "d" }]);
  });

  it("logs a Client in through the gateway and dispatches an interaction", async () => {
    const fake = await startFakeDiscord();
    closers.push(fake.close);
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    closers.push(async () => void (await client.destroy()));
    const ready = new Promise((r) => client.once(Events.ClientReady, r));
    await client.login("fake.token.value");
    await ready;
    const got = new Promise<string>((resolve) =>
      client.once(Events.InteractionCreate, (i) => resolve(i.isChatInputCommand() ? i.commandName : "?")),
    );
    fake.interaction({
      id: "777",
      application_id: "100000000000000001",
      type: 2,
      token: "tok",
      version: 1,
      channel_id: "123",
      channel: { id: "123", type: 0 },
      guild_id: "55",
      member: {
        user: { id: "42", username: "analyst", discriminator: "0", avatar: null },
        roles: [],
        permissions: "0",
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: "0",
      locale: "ko",
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
      data: { id: "1", name: "funding", type: 1, options: [{ name: "company", type: 3, value: "OpenAI" }] },
    });
    expect(await got).toBe("funding");
  });
});
