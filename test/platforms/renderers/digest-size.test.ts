import { describe, expect, it } from "vitest";
import { syntheticDigestInput } from "../../../bench/sections/briefing.js";
import { composeDigest } from "../../../src/briefing/digest.js";
import type { NeutralMessage } from "../../../src/briefing/message.js";
import { DISCORD_LIMITS, renderDiscord, toDiscordMarkdown } from "../../../src/platforms/discord/discord-renderer.js";
import { renderSlack, SLACK_LIMITS, type SlackMessage, toMrkdwn } from "../../../src/platforms/slack/slack-renderer.js";
import { discordSize } from "./discord-size.js";

const composed = new Map<string, NeutralMessage>();

/** A real digest of `events` synthetic events (about 0.55 items per event). */
function digestOf(events: number, lang: "ko" | "en"): NeutralMessage {
  const key = `${events}|${lang}`;
  const known = composed.get(key);
  if (known) return known;
  const msg = composeDigest({
    ...syntheticDigestInput(events),
    lang,
    now: "2026-03-01T09:00:00+09:00",
    tz: "Asia/Seoul",
  });
  if (!msg) throw new Error("empty digest");
  composed.set(key, msg);
  return msg;
}

const listItems = (msg: NeutralMessage) => msg.blocks.flatMap((b) => (b.type === "list" ? b.items : []));

function slackTexts(m: SlackMessage): string[] {
  return m.blocks.flatMap((b) => {
    if (b.type === "section") return [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === "context") return b.elements.map((e) => e.text);
    if (b.type === "header") return [b.text.text];
    return [];
  });
}

/** The bullet lines of all messages, sorted, against every item of the digest rendered once. */
function expectEachItemOnce(lines: string[], expected: string[]) {
  const bullets = lines.filter((l) => l.startsWith("• ")).sort();
  expect(bullets).toEqual([...expected].sort());
}

const CASES = [
  { name: "1,200-item Korean digest", events: 2300, lang: "ko", minItems: 1200 },
  { name: "1,200-item English digest", events: 2300, lang: "en", minItems: 1200 },
  { name: "60-item English digest", events: 110, lang: "en", minItems: 60 },
] as const;

describe("a long digest is split between items into messages each platform accepts", () => {
  it.each(CASES)("$name on Slack: each message ≤ 12,000 characters and 50 blocks, every item once", (c) => {
    const msg = digestOf(c.events, c.lang);
    const items = listItems(msg);
    expect(items.length).toBeGreaterThanOrEqual(c.minItems);
    const messages = renderSlack(msg);
    const total = messages.reduce((n, m) => n + slackTexts(m).join("").length, 0);
    expect(messages.length).toBeGreaterThanOrEqual(Math.ceil(total / 12_000));
    for (const m of messages) {
      expect(slackTexts(m).join("").length).toBeLessThanOrEqual(12_000);
      expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
      for (const t of slackTexts(m)) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expectEachItemOnce(
      messages.flatMap((m) => slackTexts(m).flatMap((t) => t.split("\n"))),
      items.map((i) => `• ${toMrkdwn(i)}`),
    );
  });

  it.each(CASES)("$name on Discord: each message ≤ 6,000 characters in one embed, every item once", (c) => {
    const msg = digestOf(c.events, c.lang);
    const items = listItems(msg);
    const messages = renderDiscord(msg);
    for (const m of messages) {
      expect(m.embeds).toHaveLength(1);
      expect(discordSize(m)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
      expect(m.embeds[0]?.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    }
    expectEachItemOnce(
      messages.flatMap((m) => (m.embeds[0]?.description ?? "").split("\n")),
      items.map((i) => `• ${toDiscordMarkdown(i)}`),
    );
  });

  it("a 1,200-item digest no longer goes to Slack as one message", () => {
    const messages = renderSlack(digestOf(2300, "en"));
    expect(messages.length).toBeGreaterThanOrEqual(5);
    expect(messages.slice(1).every((m) => m.text.endsWith("(cont.)"))).toBe(true);
  });
});
