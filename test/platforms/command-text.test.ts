import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { parseCommandText, usageLine } from "../../src/platforms/command-text.js";

describe("the text form of a slash command", () => {
  it.each([
    ["/funding OpenAI since:2025-01-01 lang:ko", "funding", { company: "OpenAI", since: "2025-01-01", lang: "ko" }],
    ["/exposure 엔비디아", "exposure", { company: "엔비디아" }],
    ["/funding Open AI", "funding", { company: "Open AI" }],
    ["/funding 소프트 뱅크 status:completed", "funding", { company: "소프트 뱅크", status: "completed" }],
    ['/funding "Mistral: AI" lang:en', "funding", { company: "Mistral: AI", lang: "en" }],
    [
      "/subscribe 엔비디아 min_amount:10억 달러 kinds:new,loops",
      "subscribe",
      { company: "엔비디아", min_amount: "10억 달러", kinds: "new,loops" },
    ],
    ['/subscribe nvidia kinds:"new, exposure:$5B"', "subscribe", { company: "nvidia", kinds: "new, exposure:$5B" }],
    [
      "/digest time:08:00 tz:Asia/Seoul lang:ko day:mon",
      "digest",
      { time: "08:00", tz: "Asia/Seoul", lang: "ko", day: "mon" },
    ],
    ["/digest 08:00 tz:America/New_York", "digest", { time: "08:00", tz: "America/New_York" }],
    ["/digest off", "digest", { time: "off" }],
    ["/cycles max_len:3", "cycles", { max_len: "3" }],
    ["/funding 엔비디아 언어:en", "funding", { company: "엔비디아", lang: "en" }],
    // an alert kind with its threshold is a value, not an option called `exposure`
    ["/subscribe nvidia kinds:new exposure:$5B", "subscribe", { company: "nvidia", kinds: "new exposure:$5B" }],
    ["/subscribe nvidia $1B exposure:$5B", "subscribe", { company: "nvidia $1B exposure:$5B" }],
    ["  /brief   since:7d  ", "brief", { since: "7d" }],
    ["/help", "help", {}],
  ])("%s", (line, name, raw) => {
    const r = parseCommandText(commands, line);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.command.name).toBe(name);
    expect(r.raw).toEqual(raw);
  });

  it.each([
    ["/funding OpenAI bogus:1", "no option `bogus`"],
    ["/funding OpenAI since:", "needs a value"],
    ["/funding OpenAI since:2025-01-01 since:2025-02-01", "given twice"],
    ["/funding OpenAI company:Nvidia", "given twice"],
  ])("%s gets a usage line back", (line, why) => {
    const r = parseCommandText(commands, line);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.en).toContain(why);
    expect(r.usage).toMatch(/^\/funding <company> \[since:YYYY-MM-DD\]/);
  });

  it("an unknown command points to /help in both languages", () => {
    const r = parseCommandText(commands, "/fundng OpenAI");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.en).toContain("/help");
    expect(r.error.ko).toContain("/help");
  });

  it("usage lines show the positional option and the pairs", () => {
    const digest = commands.find((c) => c.name === "digest");
    expect(digest && usageLine(digest)).toBe(
      "/digest <08:00|off> [tz:Asia/Seoul] [lang:ko|en] [day:mon|tue|wed|thu|fri|sat|sun|daily] [empty:notice|skip]",
    );
  });
});
