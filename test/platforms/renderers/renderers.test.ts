import { describe, expect, it } from "vitest";
import { composeDigest } from "../../../src/briefing/digest.js";
import type { NeutralMessage } from "../../../src/briefing/message.js";
import type { Deal, DealEvent } from "../../../src/domain/types.js";
import { renderDiscord } from "../../../src/platforms/discord/discord-renderer.js";
import { renderMarkdown } from "../../../src/platforms/markdown-renderer.js";
import { renderSlack } from "../../../src/platforms/slack/slack-renderer.js";
import { renderText } from "../../../src/platforms/text-renderer.js";

const SAMPLE: NeutralMessage = {
  summary: "AI Deals Brief",
  blocks: [
    { type: "header", text: "AI Deals Brief · Thu, Feb 5, 2026" },
    {
      type: "list",
      title: "Revised amounts",
      items: [
        "Nvidia's OpenAI investment cut to $20B from up to $100B (Feb 4, [Kookmin Ilbo](https://news.example/a?b=1&c=2))",
      ],
    },
    { type: "divider" },
    { type: "section", text: "Disclosed this period: **$20B**; 1 undisclosed." },
    { type: "fields", fields: [{ label: "Status", value: "reported" }] },
    { type: "context", text: "Dates are observation dates." },
  ],
};

describe("exact output of each renderer", () => {
  it("Slack Block Kit", () => {
    expect(renderSlack(SAMPLE)).toEqual([
      {
        text: "AI Deals Brief",
        blocks: [
          { type: "header", text: { type: "plain_text", text: "AI Deals Brief · Thu, Feb 5, 2026", emoji: true } },
          {
            type: "section",
            text: {
              type: "mrkdwn",
              text: "*Revised amounts*\n• Nvidia's OpenAI investment cut to $20B from up to $100B (Feb 4, <https://news.example/a?b=1&amp;c=2|Kookmin Ilbo>)",
            },
          },
          { type: "divider" },
          { type: "section", text: { type: "mrkdwn", text: "Disclosed this period: *$20B*; 1 undisclosed." } },
          { type: "section", fields: [{ type: "mrkdwn", text: "*Status*\nreported" }] },
          { type: "context", elements: [{ type: "mrkdwn", text: "Dates are observation dates." }] },
        ],
      },
    ]);
  });

  it("Discord embed", () => {
    expect(renderDiscord(SAMPLE)).toEqual([
      {
        embeds: [
          {
            color: 0x2f6fde,
            title: "AI Deals Brief · Thu, Feb 5, 2026",
            description:
              "**Revised amounts**\n• Nvidia's OpenAI investment cut to $20B from up to $100B (Feb 4, [Kookmin Ilbo](https://news.example/a?b=1&c=2))\n\nDisclosed this period: **$20B**; 1 undisclosed.\n\n*Dates are observation dates.*",
            fields: [{ name: "Status", value: "reported", inline: false }],
          },
        ],
      },
    ]);
  });

  it("Markdown", () => {
    expect(renderMarkdown(SAMPLE)).toBe(
      [
        "## AI Deals Brief · Thu, Feb 5, 2026",
        "",
        "**Revised amounts**",
        "",
        "- Nvidia's OpenAI investment cut to $20B from up to $100B (Feb 4, [Kookmin Ilbo](https://news.example/a?b=1&c=2))",
        "",
        "---",
        "",
        "Disclosed this period: **$20B**; 1 undisclosed.",
        "",
        "- **Status**: reported",
        "",
        "*Dates are observation dates.*",
        "",
      ].join("\n"),
    );
  });

  it("plain text", () => {
    expect(renderText(SAMPLE)).toBe(
      [
        "AI Deals Brief · Thu, Feb 5, 2026",
        "",
        "Revised amounts",
        "• Nvidia's OpenAI investment cut to $20B from up to $100B (Feb 4, Kookmin Ilbo <https://news.example/a?b=1&c=2>)",
        "",
        "Disclosed this period: $20B; 1 undisclosed.",
        "",
        "Status: reported",
        "",
        "Dates are observation dates.",
        "",
      ].join("\n"),
    );
  });
});

describe("imported text cannot ping, link or format on either platform", () => {
  const hostile =
    "@everyone @here <!channel> <!here> <@U123> <#C1> <@123> <@&1> [click](http://evil.example) **bold** _it_ & <b>";
  const deal: Deal = {
    id: "hostile",
    kind: "investment",
    from: "nvidia",
    to: "openai",
    amount: null,
    status: "announced",
    title: { en: hostile },
    observedOn: "2026-02-04",
    firstObservedOn: "2026-02-04",
    sources: [
      { publisher: "<!channel> Wire", url: "javascript:alert(1)", date: "2026-02-04" },
      { publisher: "Good", url: "https://good.example/story", date: "2026-02-04" },
    ],
  };
  const event: DealEvent = {
    seq: 1,
    type: "deal_added",
    dealId: deal.id,
    observedOn: "2026-02-04",
    old: null,
    new: deal,
    recordedAt: "2026-02-04T00:00:00Z",
  };
  const msg = composeDigest({
    events: [event],
    deals: new Map([[deal.id, deal]]),
    lang: "en",
    now: new Date("2026-02-05T00:00:00Z"),
    tz: "UTC",
    cyclesTouched: [],
    names: (id) => ({ en: id === "nvidia" ? "Nvidia" : "OpenAI", ko: id }),
  }) as NeutralMessage;

  it("Slack: mentions defused, & < > escaped, no link but the source's http(s) one", () => {
    const json = JSON.stringify(renderSlack(msg));
    for (const bad of [
      "<!channel>",
      "<!here>",
      "<@U123>",
      "<#C1>",
      "@everyone",
      "@here",
      "<http://evil.example",
      "javascript:",
    ]) {
      expect(json).not.toContain(bad);
    }
    expect(json).toContain("&lt;!channel&gt;");
    expect(json).toContain("&amp; &lt;b&gt;");
    expect(json).toContain("<https://good.example/story|Good>");
    expect(json).not.toContain("*bold*");
    expect(json).not.toContain("_it_");
  });

  it("Discord: mentions defused, markdown escaped, no masked link from data", () => {
    const json = JSON.stringify(renderDiscord(msg));
    for (const bad of [
      "@everyone",
      "@here",
      "<@123>",
      "<@&1>",
      "<#C1>",
      "[click](http://evil.example)",
      "javascript:",
    ]) {
      expect(json).not.toContain(bad);
    }
    const description = renderDiscord(msg)[0]?.embeds[0]?.description ?? "";
    expect(description).toContain("\\[click\\](http://evil.example) \\*\\*bold\\*\\* \\_it\\_");
    expect(description).toContain("[Good](https://good.example/story)");
  });

  it("Markdown: no link or emphasis from data", () => {
    const md = renderMarkdown(msg);
    expect(md).toContain("\\[click\\](http://evil.example) \\*\\*bold\\*\\*");
    expect(md).not.toContain("@everyone");
  });
});

describe("a message with only a summary", () => {
  const notice: NeutralMessage = { summary: "No new AI deal events today. @here", blocks: [] };
  it("goes out as plain text on Slack and as content on Discord, mentions defused", () => {
    expect(renderSlack(notice)).toEqual([{ text: "No new AI deal events today. @\u200bhere", blocks: [] }]);
    expect(renderDiscord(notice)).toEqual([{ content: "No new AI deal events today. @\u200bhere", embeds: [] }]);
  });
});
