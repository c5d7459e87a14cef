import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { commands } from "../../commands/index.js";
import { applyImport } from "../../src/import/apply.js";
import { parseImportFile } from "../../src/import/parse.js";
import { defineCommand } from "../../src/platforms/command.js";
import { type SlackPlatform, startSlack } from "../../src/platforms/slack/slack-platform.js";
import { SLACK_LIMITS } from "../../src/platforms/slack/slack-renderer.js";
import { listSubscriptions } from "../../src/store/subscription-repository.js";
import { type FakeSlack, type FakeSlackPost, startFakeSlack } from "../fakes/slack.js";
import { signedCommand } from "../fakes/slack-command.js";
import { type SampleApp, sampleApp } from "./sample-app.js";

const SECRET = "test-signing-secret";

/** An answer of 120 paragraphs: more blocks than one Slack message may hold. */
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
let fake: FakeSlack;
let s: SampleApp;
let bot: SlackPlatform;
let botUrl: string;
let n = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ users: { UADMIN: { is_admin: true }, UOWNER: { is_owner: true } } });
  s = await sampleApp({ DEFAULT_LANG: "ko" });
  bot = await startSlack({
    app: s.app,
    commands: [...commands, longCommand],
    config: {
      botToken: "xoxb-test",
      signingSecret: SECRET,
      appToken: null,
      apiUrl: fake.apiUrl,
      adminUsers: ["ULISTED"],
      socketMode: false,
    },
    port: 0,
    host: "127.0.0.1",
  });
  botUrl = `http://127.0.0.1:${bot.port}`;
});
afterAll(async () => {
  await bot?.stop();
  await s?.close();
  await fake?.close();
});

async function answersTo(id: string, count = 1, timeoutMs = 10_000): Promise<FakeSlackPost[]> {
  const start = Date.now();
  for (;;) {
    const got = fake.posts.filter((p) => p.method === "response_url" && p.id === id);
    if (got.length >= count) return got;
    if (Date.now() - start > timeoutMs) throw new Error(`no answer on response_url ${id}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function command(text: string, fields: Record<string, string> = {}, opts = {}) {
  n += 1;
  const id = `r${n}`;
  const [name, ...rest] = text.split(" ");
  const res = await signedCommand(
    botUrl,
    SECRET,
    { command: name as string, text: rest.join(" "), response_url: fake.responseUrl(id), ...fields },
    opts,
  );
  return { id, res };
}

/** Block Kit as Slack validates it: known block types, within the size limits. */
function expectValidBlockKit(body: Record<string, unknown>) {
  const blocks = body.blocks as {
    type: string;
    text?: { type: string; text: string };
    elements?: { text: string }[];
  }[];
  expect(Array.isArray(blocks)).toBe(true);
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(typeof body.text).toBe("string");
  for (const b of blocks) {
    expect(["header", "section", "context", "divider"]).toContain(b.type);
    if (b.type === "section" && b.text) {
      expect(b.text.type).toBe("mrkdwn");
      expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    if (b.type === "header") expect((b.text?.text ?? "").length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
  }
}

/** The posts as text, zero-width spaces (which renderers use to break markup and mentions) removed. */
const allText = (posts: FakeSlackPost[]) =>
  posts
    .map((p) => JSON.stringify(p.body))
    .join("\n")
    .replace(/\u200b/g, "");

describe("Slack slash commands over HTTP (Bolt against a fake Slack)", () => {
  it("a signed /funding is acked at once and answered through response_url in Block Kit", async () => {
    const { id, res } = await command("/funding OpenAI");
    expect(res.status).toBe(200);
    const [answer] = await answersTo(id);
    const body = answer?.body as Record<string, unknown>;
    expectValidBlockKit(body);
    expect(body.response_type).toBe("in_channel");
    expect(allText([answer as FakeSlackPost])).toContain("1,200억 달러");
  });

  it("answers in English when asked, and an unknown company privately with suggestions", async () => {
    const en = await command("/exposure nvidia lang:en");
    expect(allText(await answersTo(en.id))).toContain("Nvidia → OpenAI → Oracle → Nvidia");
    const typo = await command("/funding 엔비디어");
    const [answer] = await answersTo(typo.id);
    expect(answer?.body.response_type).toBe("ephemeral");
    expect(allText([answer as FakeSlackPost])).toContain("엔비디아");
  });

  it("values typed without option names after the company are understood, threshold and kinds included", async () => {
    const channel = "CBARE";
    const { id } = await command("/subscribe 엔비디아 10억 달러 new exposure:$5B", {
      user_id: "ULISTED",
      channel_id: channel,
    });
    expect(allText(await answersTo(id))).toContain("상대방별 거래 규모 50억 달러 초과 · 10억 달러 이상");
    const [sub] = await listSubscriptions(s.app.store.db, `slack:${channel}`);
    expect(sub).toMatchObject({ company: "nvidia", minUsd: 1e9, exposureUsd: 5e9 });
  });

  it("HTML entities Slack puts in the text are read as the characters typed", async () => {
    const { id } = await command("/funding AT&amp;T &lt;Labs&gt; lang:en");
    const text = allText(await answersTo(id));
    expect(text).toContain("AT&amp;T &lt;Labs&gt;");
    expect(text).not.toContain("&amp;amp;");
  });

  it("a malformed option gets the usage line back", async () => {
    const { id } = await command("/funding OpenAI when:yesterday");
    const text = allText(await answersTo(id));
    expect(text).toContain("/funding &lt;company&gt; [since:YYYY-MM-DD]");
  });

  it.each([
    ["a wrong signature", { signWith: "not-the-secret" }],
    ["a stale timestamp", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])("%s is refused with 401 and runs nothing", async (_name, opts) => {
    const { id, res } = await command("/funding OpenAI", {}, opts);
    expect(res.status).toBe(401);
    const check = await command("/cycles lang:en");
    await answersTo(check.id);
    expect(fake.posts.filter((p) => p.id === id)).toHaveLength(0);
  });

  it("a retried delivery is acked but does not run the command twice", async () => {
    const first = await command("/cycles lang:en", { trigger_id: "trig-retry" });
    await answersTo(first.id);
    const retry = await command("/cycles lang:en", { trigger_id: "trig-retry-2" }, { retryNum: 1 });
    expect(retry.res.status).toBe(200);
    const later = await command("/help lang:en");
    await answersTo(later.id);
    expect(fake.posts.filter((p) => p.id === retry.id)).toHaveLength(0);
  });

  it("a long answer is split into several valid responses; later ones never replace the first", async () => {
    const { id } = await command("/long");
    const posts = await answersTo(id, 3);
    await new Promise((r) => setTimeout(r, 100));
    const all = fake.posts.filter((p) => p.id === id);
    for (const p of all) expectValidBlockKit(p.body);
    const text = allText(all);
    expect(text).toContain("paragraph 0 ");
    expect(text).toContain("paragraph 119 ");
    expect(all.slice(1).every((p) => String(p.body.replace_original) === "false")).toBe(true);
    expect(posts.length).toBeGreaterThanOrEqual(3);
  });
});

describe("Slack channel settings need a workspace admin", () => {
  it.each([
    ["a plain member", "UPLAIN", false],
    ["a workspace admin (users.info)", "UADMIN", true],
    ["a workspace owner", "UOWNER", true],
    ["a user in SLACK_ADMIN_USERS", "ULISTED", true],
  ])("/subscribe from %s", async (_who, user, allowed) => {
    const channel = `C${user}`;
    const { id } = await command("/subscribe 엔비디아 min_amount:$1B", { user_id: user, channel_id: channel });
    const [answer] = await answersTo(id);
    const subs = await listSubscriptions(s.app.store.db, `slack:${channel}`);
    if (allowed) {
      expect(subs.map((x) => x.company)).toEqual(["nvidia"]);
    } else {
      expect(subs).toEqual([]);
      expect(answer?.body.response_type).toBe("ephemeral");
      expect(allText([answer as FakeSlackPost])).toContain("SLACK_ADMIN_USERS");
    }
  });
});

describe("mentions and links in data cannot ping or inject on Slack", () => {
  it("a deal title with <!channel>, @everyone, <@U123> and a markdown link is neutralised", async () => {
    const file = join(s.dir, "evil.json");
    writeFileSync(
      file,
      JSON.stringify({
        format: "dealgraph/v1",
        deals: [
          {
            deal: "evil-1",
            observed_on: "2026-05-01",
            kind: "investment",
            from: "nvidia",
            to: "openai",
            amount: null,
            status: "reported",
            title: {
              en: "<!channel> @everyone <@U123> [click](http://evil.example)",
              ko: "<!channel> @everyone <@U123> [클릭](http://evil.example)",
            },
            source: { publisher: "<!here> Wire" },
          },
        ],
      }),
    );
    const parsed = await parseImportFile(file, { store: s.app.store });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    await applyImport(s.app.store, parsed.data);
    const { id } = await command("/deals openai since:2026-05-01 lang:en");
    const text = (await answersTo(id)).map((p) => JSON.stringify(p.body)).join("\n");
    expect(text).toContain("evil");
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>/);
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toContain("<http://evil.example");
  });
});
