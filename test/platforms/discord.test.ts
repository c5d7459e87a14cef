import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { commands } from "../../commands/index.js";
import { applyImport } from "../../src/import/apply.js";
import { parseImportFile } from "../../src/import/parse.js";
import { defineCommand } from "../../src/platforms/command.js";
import { type DiscordPlatform, startDiscord } from "../../src/platforms/discord/discord-platform.js";
import { registerCommands } from "../../src/platforms/discord/register.js";
import { listSubscriptions } from "../../src/store/subscription-repository.js";
import { type FakeDiscord, type FakeDiscordRequest, startFakeDiscord } from "../fakes/discord.js";
import { waitFor as waitUntil } from "../helpers/wait.js";
import { type SampleApp, sampleApp } from "./sample-app.js";

const APP_ID = "100000000000000001";
const GUILD = "300000000000000003";
const MANAGE_CHANNELS = String(1 << 4);

let s: SampleApp;
beforeAll(async () => {
  s = await sampleApp({ DEFAULT_LANG: "en" });
});
afterAll(() => s.close());

interface Bot {
  fake: FakeDiscord;
  bot: DiscordPlatform;
  close(): Promise<void>;
}

/** An answer of 120 paragraphs: more than one Discord message may hold. */
const longCommand = defineCommand({
  name: "long",
  description: { en: "long", ko: "long" },
  options: [],
  schema: z.object({}),
  requiresChannelManager: false,
  handler: async () => ({
    summary: "long",
    blocks: Array.from({ length: 120 }, (_, i) => ({
      type: "section" as const,
      text: `paragraph ${i} ${"x".repeat(80)}`,
    })),
  }),
});

async function startBot(deferAfterMs?: number): Promise<Bot> {
  const fake = await startFakeDiscord({ applicationId: APP_ID });
  const bot = await startDiscord({
    app: s.app,
    commands: [...commands, longCommand],
    config: { token: "fake.token.value", applicationId: APP_ID, guildId: GUILD, apiUrl: fake.apiUrl },
    ...(deferAfterMs !== undefined ? { deferAfterMs } : {}),
  });
  return {
    fake,
    bot,
    close: async () => {
      await bot.stop();
      await fake.close();
    },
  };
}

let seq = 0;
type Opt = { name: string; type: number; value: string | number; focused?: boolean };

function interaction(
  name: string,
  options: Opt[],
  over: { locale?: string; permissions?: string; type?: number } = {},
) {
  seq += 1;
  const user = {
    id: "400000000000000004",
    username: "analyst",
    discriminator: "0",
    avatar: null,
    global_name: "Analyst",
  };
  return {
    id: `50000000000000${1000 + seq}`,
    token: `tok-${seq}`,
    d: {
      id: `50000000000000${1000 + seq}`,
      application_id: APP_ID,
      type: over.type ?? 2,
      token: `tok-${seq}`,
      version: 1,
      channel_id: "600000000000000006",
      channel: { id: "600000000000000006", type: 0 },
      guild_id: GUILD,
      guild_locale: "en-US",
      member: {
        user,
        roles: [],
        permissions: over.permissions ?? "0",
        joined_at: "2025-01-01T00:00:00.000Z",
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: "0",
      locale: over.locale ?? "en-US",
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
      data: { id: "700000000000000007", name, type: 1, options },
    },
  };
}

const waitFor = <T>(get: () => T | undefined, what: string) => waitUntil(get, what, 10_000);

const callbackOf = (fake: FakeDiscord, token: string) =>
  fake.requests.find((r) => r.method === "POST" && r.path.endsWith(`/${token}/callback`));
const bodyOf = (r: FakeDiscordRequest) => r.body as { type: number; data?: Record<string, unknown> };

describe("Discord command registration", () => {
  it.each([
    ["in the guild when DISCORD_GUILD_ID is set", GUILD, `guild:${GUILD}`],
    ["globally otherwise", null, "global"],
  ])("registers every command with Korean localizations %s", async (_name, guildId, key) => {
    const fake = await startFakeDiscord({ applicationId: APP_ID });
    try {
      const r = await registerCommands({
        token: "fake.token.value",
        applicationId: APP_ID,
        guildId,
        apiUrl: fake.apiUrl,
      });
      expect(r.count).toBe(commands.length);
      const payload = fake.commands.get(key) as {
        name: string;
        name_localizations?: { ko: string };
        description_localizations: { ko: string };
        options: {
          name: string;
          type: number;
          autocomplete?: boolean;
          required: boolean;
          name_localizations?: { ko: string };
          description_localizations: { ko: string };
          choices?: { name_localizations: { ko: string } }[];
        }[];
      }[];
      expect(payload.map((c) => c.name).sort()).toEqual(commands.map((c) => c.name).sort());
      const funding = payload.find((c) => c.name === "funding");
      expect(funding?.name_localizations?.ko).toBe("투자유치");
      expect(funding?.description_localizations.ko).toContain("투자 유치");
      const company = funding?.options.find((o) => o.name === "company");
      expect(company).toMatchObject({
        type: 3,
        autocomplete: true,
        required: true,
        name_localizations: { ko: "기업" },
      });
      const status = funding?.options.find((o) => o.name === "status");
      expect(status?.choices?.map((c) => c.name_localizations.ko)).toContain("체결");
      for (const c of payload) {
        expect(c.description_localizations.ko.length).toBeGreaterThan(0);
        const firstOptional = c.options.findIndex((o) => !o.required);
        if (firstOptional >= 0) expect(c.options.slice(firstOptional).every((o) => !o.required)).toBe(true);
      }
    } finally {
      await fake.close();
    }
  });
});

describe("Discord interactions through discord.js (answered quickly)", () => {
  let b: Bot;
  beforeAll(async () => {
    b = await startBot();
  });
  afterAll(() => b.close());

  it("a Korean user's /funding gets a Korean embed reply with mentions disabled", async () => {
    const i = interaction("funding", [{ name: "company", type: 3, value: "OpenAI" }], { locale: "ko" });
    b.fake.interaction(i.d);
    const cb = await waitFor(() => callbackOf(b.fake, i.token), "the reply");
    const body = bodyOf(cb);
    expect(body.type).toBe(4);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(body.data?.embeds)).toContain("1,200억 달러");
    expect(body.data?.flags ?? 0).toBe(0);
  });

  it("an English locale gets English, and an unknown company gets a private suggestion", async () => {
    const i = interaction("funding", [{ name: "company", type: 3, value: "nvidiaa" }]);
    b.fake.interaction(i.d);
    const body = bodyOf(await waitFor(() => callbackOf(b.fake, i.token), "the reply"));
    expect(JSON.stringify(body.data?.embeds)).toContain("Did you mean");
    expect(body.data?.flags).toBe(64);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it.each([
    ["엔비", "nvidia", "ko"],
    ["open", "openai", "en-US"],
    ["코어", "coreweave", "ko"],
  ])("autocomplete for %s offers %s", async (typed, id, locale) => {
    const i = interaction("exposure", [{ name: "company", type: 3, value: typed, focused: true }], { type: 4, locale });
    b.fake.interaction(i.d);
    const body = bodyOf(await waitFor(() => callbackOf(b.fake, i.token), "the autocomplete answer"));
    expect(body.type).toBe(8);
    const choices = (body.data?.choices ?? []) as { name: string; value: string }[];
    expect(choices.map((c) => c.value)).toContain(id);
    expect(choices.length).toBeLessThanOrEqual(25);
  });

  it("/subscribe without Manage Channels is refused privately; with it, the subscription is stored", async () => {
    const opts: Opt[] = [{ name: "company", type: 3, value: "nvidia" }];
    const refused = interaction("subscribe", opts);
    b.fake.interaction(refused.d);
    const body = bodyOf(await waitFor(() => callbackOf(b.fake, refused.token), "the refusal"));
    expect(body.data?.flags).toBe(64);
    expect(JSON.stringify(body.data?.embeds)).toContain("Manage Channels");
    expect(await listSubscriptions(s.app.store.db, "discord:600000000000000006")).toEqual([]);

    const allowed = interaction("subscribe", opts, { permissions: MANAGE_CHANNELS });
    b.fake.interaction(allowed.d);
    await waitFor(() => callbackOf(b.fake, allowed.token), "the confirmation");
    const subs = await listSubscriptions(s.app.store.db, "discord:600000000000000006");
    expect(subs.map((x) => x.company)).toEqual(["nvidia"]);
  });

  it("a long answer is a reply followed by follow-ups, every one with mentions disabled", async () => {
    const i = interaction("long", []);
    b.fake.interaction(i.d);
    const reply = bodyOf(await waitFor(() => callbackOf(b.fake, i.token), "the reply"));
    const followUps = await waitFor(() => {
      const f = b.fake.requests.filter((r) => r.method === "POST" && r.path.endsWith(`/${i.token}`));
      return f.length > 0 ? f : undefined;
    }, "the follow-ups");
    await new Promise((r) => setTimeout(r, 200));
    const all = [
      reply.data,
      ...b.fake.requests
        .filter((r) => r.method === "POST" && r.path.endsWith(`/${i.token}`))
        .map((r) => r.body as Record<string, unknown>),
    ];
    expect(followUps.length).toBeGreaterThanOrEqual(1);
    for (const m of all) expect(m?.allowed_mentions).toEqual({ parse: [] });
    const text = JSON.stringify(all);
    expect(text).toContain("paragraph 0 ");
    expect(text).toContain("paragraph 119 ");
  });

  it("mentions and links in data are neutralised in embeds", async () => {
    const file = join(s.dir, "evil.json");
    writeFileSync(
      file,
      JSON.stringify({
        format: "dealgraph/v1",
        deals: [
          {
            deal: "evil-discord",
            observed_on: "2026-06-01",
            kind: "investment",
            from: "nvidia",
            to: "openai",
            amount: null,
            status: "reported",
            title: { en: "@everyone @here <@123456> [click](http://evil.example)", ko: "@everyone <@123456>" },
            source: { publisher: "@here Wire" },
          },
        ],
      }),
    );
    const parsed = await parseImportFile(file, { store: s.app.store });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    await applyImport(s.app.store, parsed.data);
    const i = interaction("deals", [
      { name: "company", type: 3, value: "openai" },
      { name: "since", type: 3, value: "2026-06-01" },
    ]);
    b.fake.interaction(i.d);
    const body = bodyOf(await waitFor(() => callbackOf(b.fake, i.token), "the reply"));
    const text = JSON.stringify(body.data?.embeds);
    expect(text).toContain("evil");
    expect(text).not.toMatch(/(^|[^\u200b])@(everyone|here)/);
    expect(text).not.toContain("<@123456>");
    const description = ((body.data?.embeds ?? []) as { description?: string }[])[0]?.description ?? "";
    expect(description).not.toMatch(/(?<!\\)\]\(http:\/\/evil/);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
  });
});

describe("Discord slow answers are deferred, then edited in", () => {
  let b: Bot;
  beforeAll(async () => {
    b = await startBot(0);
  });
  afterAll(() => b.close());

  it("defers first and edits the original with the embed, mentions disabled", async () => {
    const i = interaction("exposure", [{ name: "company", type: 3, value: "엔비디아" }], { locale: "ko" });
    b.fake.interaction(i.d);
    const cb = await waitFor(() => callbackOf(b.fake, i.token), "the deferral");
    expect(bodyOf(cb).type).toBe(5);
    const edit = await waitFor(
      () => b.fake.requests.find((r) => r.method === "PATCH" && r.path.includes(`/${i.token}/messages/@original`)),
      "the edit",
    );
    const body = edit.body as { embeds: unknown[]; allowed_mentions: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(body.embeds)).toContain("엔비디아");
    expect(cb.at).toBeLessThan(edit.at);
  });
});
