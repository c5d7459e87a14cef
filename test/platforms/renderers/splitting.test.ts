import { describe, expect, it } from "vitest";
import type { NeutralMessage } from "../../../src/briefing/message.js";
import { renderDiscord } from "../../../src/platforms/discord/discord-renderer.js";
import { renderSlack, type SlackBlock, type SlackMessage } from "../../../src/platforms/slack/slack-renderer.js";
import { discordSize } from "./discord-size.js";

/** Item i of a list: a distinct marker at both ends so a cut item is detectable. */
const item = (i: number, len: number) =>
  `ITEM${i}-start ${"가나다 ".repeat(Math.max(0, Math.floor((len - 24) / 4)))}ITEM${i}-end`;

function listMessage(
  lang: "ko" | "en",
  count: number,
  len: number,
  extra: NeutralMessage["blocks"] = [],
): NeutralMessage {
  const title = lang === "ko" ? "신규 거래" : "New deals";
  return {
    summary: lang === "ko" ? "AI 딜 브리핑" : "AI Deals Brief",
    blocks: [
      {
        type: "header",
        text: lang === "ko" ? "AI 딜 브리핑 · 2026년 2월 5일(목)" : "AI Deals Brief · Thu, Feb 5, 2026",
      },
      { type: "list", title, items: Array.from({ length: count }, (_, i) => item(i, len)) },
      ...extra,
    ],
  };
}

const slackTexts = (m: SlackMessage) =>
  m.blocks.flatMap((b: SlackBlock) => {
    if (b.type === "section") return [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === "context") return b.elements.map((e) => e.text);
    if (b.type === "header") return [b.text.text];
    return [];
  });

/** Every item appears exactly once across the messages, whole (its start and end in the same text). */
function expectItemsWhole(texts: string[], count: number) {
  for (let i = 0; i < count; i++) {
    const holders = texts.filter((t) => t.includes(`ITEM${i}-start`));
    expect(holders, `item ${i}`).toHaveLength(1);
    expect(holders[0]).toContain(`ITEM${i}-end`);
  }
}

describe("Slack splitting", () => {
  it.each([
    { name: "60 long items", count: 60, len: 1500, minMessages: 2 },
    { name: "200 short items", count: 200, len: 80, minMessages: 1 },
    { name: "120 medium items", count: 120, len: 700, minMessages: 1 },
  ])(
    "$name: every message has ≤ 50 blocks, ≤ 3000 chars per section and ≤ 12,000 in all, and no item is cut",
    ({ count, len, minMessages }) => {
      const messages = renderSlack(listMessage("en", count, len));
      expect(messages.length).toBeGreaterThanOrEqual(minMessages);
      for (const m of messages) {
        expect(m.blocks.length).toBeLessThanOrEqual(50);
        for (const t of slackTexts(m)) expect(t.length).toBeLessThanOrEqual(3000);
        expect(slackTexts(m).join("").length).toBeLessThanOrEqual(12_000);
      }
      expectItemsWhole(messages.flatMap(slackTexts), count);
    },
  );

  it("splits a 5000-character section at a sentence boundary without losing text", () => {
    const sentence = "Nvidia to invest up to $100B in OpenAI. ";
    const long = sentence.repeat(125).trim();
    const [m] = renderSlack({ summary: "s", blocks: [{ type: "section", text: long }] });
    const texts = slackTexts(m as SlackMessage);
    expect(texts.length).toBe(2);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(3000);
      expect(t.endsWith("OpenAI.")).toBe(true);
    }
    expect(texts.join(" ")).toBe(long);
  });

  it.each([
    ["ko", "(계속)"],
    ["en", "(cont.)"],
  ] as const)("marks later %s messages as continuations and repeats the list title", (lang, label) => {
    const messages = renderSlack(listMessage(lang, 60, 1500));
    expect(messages[0]?.text).not.toContain(label);
    expect(slackTexts(messages[0] as SlackMessage).join("\n")).not.toContain(label);
    for (const m of messages.slice(1)) {
      expect(m.text).toContain(label);
      const first = m.blocks[0];
      expect(first?.type === "context" && first.elements[0]?.text).toContain(label);
      expect(slackTexts(m)[1]).toContain(`${lang === "ko" ? "신규 거래" : "New deals"} ${label}`);
    }
  });

  it("puts at most 10 fields in one section", () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `V${i}` }));
    const [m] = renderSlack({ summary: "s", blocks: [{ type: "fields", fields }] });
    const sections = (m as SlackMessage).blocks.filter((b) => b.type === "section");
    expect(sections.map((s) => (s.type === "section" ? s.fields?.length : 0))).toEqual([10, 10, 3]);
  });
});

describe("Discord splitting", () => {
  it.each([
    { name: "60 items of 300 chars", count: 60, len: 300, minMessages: 4 },
    { name: "40 items of 1000 chars", count: 40, len: 1000, minMessages: 8 },
    { name: "300 short items", count: 300, len: 60, minMessages: 4 },
  ])("$name: description ≤ 4096, message ≤ 6000 chars, no item cut", ({ count, len, minMessages }) => {
    const messages = renderDiscord(listMessage("ko", count, len));
    expect(messages.length).toBeGreaterThanOrEqual(minMessages);
    for (const m of messages) {
      expect(m.embeds).toHaveLength(1);
      expect(m.embeds[0]?.description?.length ?? 0).toBeLessThanOrEqual(4096);
      expect(discordSize(m)).toBeLessThanOrEqual(6000);
    }
    expectItemsWhole(
      messages.map((m) => m.embeds[0]?.description ?? ""),
      count,
    );
  });

  it("keeps the 6000-character total when fields fill the message", () => {
    const fields = Array.from({ length: 20 }, (_, i) => ({ label: `Field ${i}`, value: "x".repeat(1000) }));
    const messages = renderDiscord({
      summary: "s",
      blocks: [
        { type: "header", text: "Exposure" },
        { type: "fields", fields },
      ],
    });
    expect(messages.length).toBeGreaterThanOrEqual(4);
    for (const m of messages) {
      expect(discordSize(m)).toBeLessThanOrEqual(6000);
      expect(m.embeds[0]?.fields?.length ?? 0).toBeLessThanOrEqual(25);
    }
    expect(messages.flatMap((m) => m.embeds[0]?.fields ?? [])).toHaveLength(20);
  });

  it("splits 30 short fields into messages of at most 25", () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: `${i}` }));
    const messages = renderDiscord({ summary: "s", blocks: [{ type: "fields", fields }] });
    expect(messages.map((m) => m.embeds[0]?.fields?.length)).toEqual([25, 5]);
  });

  it.each([
    ["ko", "AI 딜 브리핑 · 2026년 2월 5일(목) (계속)", "**신규 거래 (계속)**"],
    ["en", "AI Deals Brief · Thu, Feb 5, 2026 (cont.)", "**New deals (cont.)**"],
  ] as const)("titles later %s embeds as continuations and repeats the list title", (lang, title, listTitle) => {
    const messages = renderDiscord(listMessage(lang, 60, 300));
    expect(messages[0]?.embeds[0]?.title).not.toContain(lang === "ko" ? "(계속)" : "(cont.)");
    for (const m of messages.slice(1)) {
      expect(m.embeds[0]?.title).toBe(title);
      expect(m.embeds[0]?.description?.startsWith(listTitle)).toBe(true);
    }
  });
});
