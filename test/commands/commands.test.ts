import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { commands } from "../../commands/index.js";
import { type CommandServices, type Invocation, runCommand } from "../../commands/shared/run.js";
import { type CommandDefinition, defineCommand } from "../../src/platforms/command.js";
import { findCommand } from "../../src/platforms/command-text.js";
import { renderText } from "../../src/platforms/text-renderer.js";
import { getChannel, setChannelLang } from "../../src/store/channel-repository.js";
import { listSubscriptions } from "../../src/store/subscription-repository.js";
import { type SampleApp, sampleApp } from "../platforms/sample-app.js";

let s: SampleApp;
beforeAll(async () => {
  s = await sampleApp({ DEFAULT_LANG: "ko" });
});
afterAll(() => s.close());

const cmd = (name: string): CommandDefinition => {
  const c = findCommand(commands, name);
  if (!c) throw new Error(`no command ${name}`);
  return c;
};

let channelSeq = 0;
function invocation(raw: Invocation["raw"], over: Partial<Invocation> = {}): Invocation {
  channelSeq += 1;
  return {
    raw,
    channel: { platform: "discord", id: `${channelSeq}`, key: `discord:${channelSeq}` },
    user: { id: "u1", isChannelManager: true },
    ...over,
  };
}

async function ask(name: string, raw: Invocation["raw"], over: Partial<Invocation> = {}) {
  const outcome = await runCommand(cmd(name), invocation(raw, over), s.app);
  return { ...outcome, text: renderText(outcome.message) };
}

describe("question commands on the sample data", () => {
  it("answers /funding OpenAI with the counted total in Korean and English", async () => {
    const ko = await ask("funding", { company: "OpenAI", lang: "ko" });
    expect(ko.status).toBe("ok");
    expect(ko.text).toContain("1,200억 달러");
    const en = await ask("funding", { company: "오픈AI", lang: "en" });
    expect(en.text).toContain("$120B");
  });

  it("answers /exposure 엔비디아 with its four loops", async () => {
    const r = await ask("exposure", { company: "엔비디아", lang: "en" });
    expect(r.status).toBe("ok");
    expect(r.text).toContain("Nvidia → OpenAI → Oracle → Nvidia");
  });

  it("cites the publishers behind a company's deals, latest report first, in the asker's language", async () => {
    // Nvidia's deals were last reported by 국민일보 (Feb 4, 2026), then Bloomberg (Oct 8, 2025), then CNBC (Sep 22, 2025).
    const en = await ask("exposure", { company: "nvidia", lang: "en" });
    expect(en.text).toContain("Sources: Kookmin Ilbo · Bloomberg · CNBC");
    const ko = await ask("exposure", { company: "nvidia", lang: "ko" });
    expect(ko.text).toContain("출처: 국민일보 · 블룸버그 · CNBC");
  });

  it("answers /deals for a company newest first", async () => {
    const r = await ask("deals", { company: "openai", since: "2026-01-01", lang: "en" });
    expect(r.status).toBe("ok");
    const cut = r.text.indexOf("$20B");
    const cerebras = r.text.indexOf("Cerebras");
    expect(cut).toBeGreaterThan(-1);
    expect(cerebras).toBeGreaterThan(cut);
  });

  it("refuses a /brief window that ends before it starts, in the asker's language", async () => {
    const ko = await ask("brief", { since: "2026-02-01", until: "2026-01-01", lang: "ko" });
    expect(ko.status).toBe("user_error");
    expect(ko.text).toContain("시작일(`since`) 2026년 2월 1일이 종료일(`until`) 2026년 1월 1일보다 늦습니다.");
    const en = await ask("brief", { since: "2026-02-01", until: "2026-01-01", lang: "en" });
    expect(en.text).toContain("`since` (Feb 1, 2026) is after `until` (Jan 1, 2026)");
  });

  it("answers /brief for a window with a digest and for an empty one with a one-liner", async () => {
    const full = await ask("brief", { since: "2026-01-01", until: "2026-02-28", lang: "en" });
    expect(full.text).toContain("Revised");
    // as the scheduled digest: dated the window's last day once it is past, with the picture of its loops
    expect(full.text).toContain("AI Deals Brief · Sat, Feb 28, 2026");
    expect(full.message.attachments?.map((a) => a.filename)).toEqual(["loops.png"]);
    const empty = await ask("brief", { since: "2020-01-01", until: "2020-01-02", lang: "ko" });
    expect(empty.text.trim()).toBe("관측일 기준 2020년 1월 1~2일에 새로 보도된 AI 거래 소식이 없습니다.");
    expect(empty.ephemeral).toBe(false);
    const quiet = await ask("brief", { since: "2026-03-01", until: "2026-03-31", lang: "ko" });
    expect(quiet.text.trim()).toBe(
      "관측일 기준 2026년 3월 1~31일에 새로 보도된 AI 거래 소식이 없습니다. 직전 소식은 2026년 2월 4일 관측분입니다.",
    );
  });
});

describe("user errors get a helpful answer in the asker's language", () => {
  it.each([
    ["ko", "엔비디어", "엔비디아"],
    ["en", "nvidiaa", "Nvidia"],
  ] as const)("an unknown company in %s suggests the closest match", async (lang, typed, suggested) => {
    const r = await ask("funding", { company: typed, lang });
    expect(r.status).toBe("user_error");
    expect(r.ephemeral).toBe(true);
    expect(r.text).toContain(suggested);
    expect(r.text).toContain(lang === "ko" ? "찾지 못했습니다" : "No company called");
  });

  it("a bad date names the accepted forms", async () => {
    const r = await ask("funding", { company: "OpenAI", since: "next tuesday", lang: "en" });
    expect(r.status).toBe("user_error");
    expect(r.text).toContain("2025-01-01");
  });

  it("a bad amount is refused and nothing is subscribed", async () => {
    const inv = invocation({ company: "Nvidia", min_amount: "lots of money", lang: "ko" });
    const r = await runCommand(cmd("subscribe"), inv, s.app);
    expect(r.status).toBe("user_error");
    expect(await listSubscriptions(s.app.store.db, inv.channel.key)).toEqual([]);
  });

  it("a missing required option names it", async () => {
    const r = await ask("exposure", { lang: "en" });
    expect(r.status).toBe("user_error");
    expect(r.text).toContain("company");
  });

  it.each([
    [
      "funding",
      { lang: "ko" },
      "`/funding`에 `company` 값이 빠졌습니다. 기업 이름 또는 별칭(한글·영문)을 넣어 주세요.",
    ],
    ["cycles", { max_len: "9", lang: "ko" }, "`max_len`에는 2~6 사이의 정수를 넣어 주세요. 입력값: “9”"],
    ["brief", { since: "2026-13-01", lang: "ko" }, "`since`에 넣은 “2026-13-01”은 달력에 없는 날짜입니다."],
    [
      "subscribe",
      { company: "엔비디아", min_amount: "많이", lang: "ko" },
      '`min_amount`에는 $1B, 10억 달러 같은 금액을 넣어 주세요. "많이"는 금액 표현이 아닙니다.',
    ],
  ] as const)("/%s with %o is refused in a plain Korean sentence", async (name, raw, sentence) => {
    const r = await ask(name, { ...raw });
    expect(r.status).toBe("user_error");
    expect(r.text).toContain(sentence);
  });

  it("an internal failure is a short apology with an error id, logged in full, never a stack trace", async () => {
    const logged: unknown[] = [];
    const logger = { error: (o: unknown) => logged.push(o), warn: () => {}, info: () => {} };
    const broken = defineCommand({
      name: "broken",
      description: { en: "x", ko: "x" },
      options: [],
      schema: z.object({}),
      requiresChannelManager: false,
      handler: async () => {
        throw new Error("database exploded at /secret/path.ts:12");
      },
    });
    const svc = { ...s.app, logger } as unknown as CommandServices;
    const r = await runCommand(broken, invocation({ lang: "en" }), svc);
    expect(r.status).toBe("internal_error");
    const text = renderText(r.message);
    expect(text).toContain(r.errorId as string);
    expect(text).not.toContain("exploded");
    expect(text).not.toContain("path.ts");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ errorId: r.errorId });
  });
});

describe("channel settings need channel-manager rights", () => {
  it.each(["subscribe", "unsubscribe", "digest"])(
    "/%s from a plain member is refused, with the reason",
    async (name) => {
      const raw = name === "digest" ? { time: "08:00", lang: "en" } : { company: "Nvidia", lang: "en" };
      const inv = invocation(raw, { user: { id: "u2", isChannelManager: false } });
      const r = await runCommand(cmd(name), inv, s.app);
      expect(r.status).toBe("refused");
      const text = renderText(r.message);
      expect(text).toContain("Only channel managers");
      expect(text).toContain("Manage Channels");
      expect(await listSubscriptions(s.app.store.db, inv.channel.key)).toEqual([]);
      expect((await getChannel(s.app.store.db, inv.channel.key))?.digest ?? null).toBeNull();
    },
  );

  it("a Slack member is told to ask a workspace admin", async () => {
    const r = await ask(
      "subscribe",
      { company: "Nvidia", lang: "ko" },
      { channel: { platform: "slack", id: "C9", key: "slack:C9" }, user: { id: "U9", isChannelManager: false } },
    );
    expect(r.status).toBe("refused");
    expect(r.text).toContain("SLACK_ADMIN_USERS");
  });

  it("anyone may ask questions", async () => {
    const r = await ask("cycles", { lang: "en" }, { user: { id: "u3", isChannelManager: false } });
    expect(r.status).toBe("ok");
  });
});

describe("subscriptions and digest schedules", () => {
  it("subscribe, list and unsubscribe round-trip for one channel", async () => {
    const inv = invocation({
      company: "엔비디아",
      min_amount: "10억 달러",
      kinds: "new, loops, exposure:$5B",
      lang: "ko",
    });
    const sub = await runCommand(cmd("subscribe"), inv, s.app);
    expect(sub.status).toBe("ok");
    expect(renderText(sub.message)).toContain(
      "종류: 신규 거래, 순환 고리, 상대방별 거래 규모 50억 달러 초과 · 10억 달러 이상",
    );
    const [row] = await listSubscriptions(s.app.store.db, inv.channel.key);
    expect(row).toMatchObject({ company: "nvidia", minUsd: 1e9, exposureUsd: 5e9 });
    expect(row?.kinds.sort()).toEqual(["deal_added", "exposure", "loops"]);

    const list = await runCommand(cmd("subscriptions"), { ...inv, raw: { lang: "en" } }, s.app);
    expect(renderText(list.message)).toContain(
      "Nvidia — new deals, circular loops, exposure to any one counterparty past $5B · $1B+",
    );
    const off = await runCommand(cmd("unsubscribe"), { ...inv, raw: { company: "NVDA", lang: "en" } }, s.app);
    expect(renderText(off.message)).toContain("off");
    expect(await listSubscriptions(s.app.store.db, inv.channel.key)).toEqual([]);
  });

  it("takes the later options typed bare after the company, as Slack users type them", async () => {
    const inv = invocation({ company: "엔비디아 10억 달러 loops", lang: "ko" });
    const sub = await runCommand(cmd("subscribe"), inv, s.app);
    expect(sub.status).toBe("ok");
    expect(renderText(sub.message)).toContain("종류: 순환 고리 · 10억 달러 이상");
    const [row] = await listSubscriptions(s.app.store.db, inv.channel.key);
    expect(row).toMatchObject({ company: "nvidia", minUsd: 1e9, kinds: ["loops"] });

    const range = await ask("cycles", { company: "오라클 9", lang: "ko" });
    expect(range.text).toContain("`max_len`에는 2~6 사이의 정수를 넣어 주세요. 입력값: “9”");

    const loops = await ask("cycles", { company: "오라클 3 en" });
    expect(loops.lang).toBe("en");
    expect(loops.text).toContain("1 loop through Oracle");
    expect(loops.text).toContain("loops of up to 3 deals");

    // no company at all: the words are the later options'
    const deals = await ask("deals", { company: "2025-10-01 investment", lang: "en" });
    expect(deals.status).toBe("ok");
    expect(deals.text).toContain("Nvidia reportedly set to invest $20B in OpenAI");
    expect(deals.text).not.toContain("Oracle");
    // in another order, the same
    const swapped = await ask("deals", { company: "investment 2025-10-01", lang: "en" });
    expect(swapped.text).toBe(deals.text);
  });

  it("a bare word after a one-word option goes to the next option it fits: `/deals kind:investment 2025-10-01 en`", async () => {
    const named = await ask("deals", { kind: "investment", since: "2025-10-01", lang: "en" });
    expect(named.status).toBe("ok");
    expect(named.text).toContain("Nvidia reportedly set to invest $20B in OpenAI");
    const runOn = await ask("deals", { kind: "investment 2025-10-01 en" });
    expect(runOn.status).toBe("ok");
    expect(runOn.text).toBe(named.text);
    // words that fit no option are still refused, naming the option's values
    const junk = await ask("deals", { kind: "investment gossip", lang: "en" });
    expect(junk.status).toBe("user_error");
    expect(junk.text).toContain("`kind` must be one of");
  });

  it("a company typed after a one-word option is the company: `/deals kind:investment OpenAI 2025-10-01`", async () => {
    const named = await ask("deals", { company: "OpenAI", kind: "investment", since: "2025-10-01", lang: "en" });
    expect(named.status).toBe("ok");
    expect(named.text).toContain("Recent deals · OpenAI");
    expect(await ask("deals", { kind: "investment OpenAI 2025-10-01", lang: "en" })).toEqual(named);
    expect(await ask("deals", { kind: "investment 오픈AI", since: "2025-10-01", lang: "en" })).toEqual(named);
    // a name that is not quite a company's is not guessed at: the option's own check answers
    const near = await ask("deals", { kind: "investment OpenAl", lang: "en" });
    expect(near.status).toBe("user_error");
    expect(near.text).toContain("`kind` must be one of");
  });

  it.each([
    ["ORCL", "Oracle"],
    ["AVGO", "Broadcom"],
    ["마소", "Microsoft"],
  ])("the bundled companies answer to their tickers and nicknames too: %s is %s", async (typed, name) => {
    const r = await ask("deals", { company: typed, lang: "en" });
    expect(r.status).toBe("ok");
    expect(r.text).toContain(`Recent deals · ${name}`);
  });

  it("a company whose name has spaces is not split into options", async () => {
    const r = await ask("funding", { company: "Open AI", lang: "en" });
    expect(r.status).toBe("ok");
    expect(r.text).toContain("OpenAI has raised $120B");
  });

  it("words typed bare that fit no option are named, not read as part of the company", async () => {
    const junk = await ask("subscribe", { company: "엔비디아 gossip", lang: "ko" });
    expect(junk.status).toBe("user_error");
    expect(junk.text).toContain("엔비디아 뒤에 입력한 “gossip” 부분을 이해하지 못했습니다.");
    expect(junk.text).toContain("사용법: /subscribe <company>");

    // a misspelt company before a good date: the company alone is reported, with the closest match
    const typo = await ask("funding", { company: "엔비디어 2025-01-01", lang: "ko" });
    expect(typo.text).toContain("“엔비디어”에 해당하는 기업을 찾지 못했습니다.");
    expect(typo.text).toContain("혹시 이 기업인가요? 엔비디아");
  });

  it("an unknown alert kind is a user error", async () => {
    const r = await ask("subscribe", { company: "Nvidia", kinds: "gossip", lang: "en" });
    expect(r.status).toBe("user_error");
    expect(r.text).toContain("loops");
  });

  it("/digest sets a weekly schedule and the channel language, and /digest off stops it", async () => {
    const inv = invocation({ time: "8:00", tz: "America/New_York", lang: "en", day: "mon", empty: "notice" });
    const set = await runCommand(cmd("digest"), inv, s.app);
    expect(set.status).toBe("ok");
    const ch = await getChannel(s.app.store.db, inv.channel.key);
    expect(ch?.digest).toMatchObject({ time: "08:00", tz: "America/New_York", lang: "en", day: "mon" });
    expect(ch?.lang).toBe("en");
    expect(renderText(set.message)).toContain(
      "Digest set: every Monday at 08:00 (America/New_York), in English, with a one-line notice on days without news.",
    );
    const listed = await runCommand(cmd("subscriptions"), { ...inv, raw: { lang: "ko" } }, s.app);
    expect(renderText(listed.message)).toContain(
      "정기 브리핑: 매주 월요일 08:00 (America/New_York), 영어, 소식 없는 날에도 한 줄 안내",
    );

    await runCommand(cmd("digest"), { ...inv, raw: { time: "off" } }, s.app);
    expect((await getChannel(s.app.store.db, inv.channel.key))?.digest).toBeNull();
    const off = await runCommand(cmd("subscriptions"), { ...inv, raw: { lang: "en" } }, s.app);
    expect(renderText(off.message)).toContain("Digest: off");
  });

  it("/digest with only a new time keeps the rest of the schedule; day:daily makes a weekly digest daily", async () => {
    const inv = invocation({ time: "08:00", tz: "America/New_York", lang: "en", day: "mon", empty: "notice" });
    await runCommand(cmd("digest"), inv, s.app);
    const moved = await runCommand(cmd("digest"), { ...inv, raw: { time: "09:30", lang: "ko" } }, s.app);
    expect(renderText(moved.message)).toContain(
      "정기 브리핑을 바꿨습니다: 매주 월요일 09:30 (America/New_York), 한국어, 소식 없는 날에도 한 줄 안내.",
    );
    expect((await getChannel(s.app.store.db, inv.channel.key))?.digest).toMatchObject({
      time: "09:30",
      tz: "America/New_York",
      lang: "ko",
      day: "mon",
      emptyNotice: true,
    });

    const daily = await runCommand(
      cmd("digest"),
      { ...inv, raw: { time: "09:30", day: "daily", empty: "skip", lang: "en" } },
      s.app,
    );
    expect(renderText(daily.message)).toContain("Digest changed: every day at 09:30 (America/New_York), in English.");
    expect((await getChannel(s.app.store.db, inv.channel.key))?.digest).toMatchObject({
      day: null,
      emptyNotice: false,
    });

    // Typed on one line, as in Slack: any of the values after the time, in any order.
    const typed = await runCommand(cmd("digest"), { ...inv, raw: { time: "7:15 금요일 Europe/London en" } }, s.app);
    expect(renderText(typed.message)).toContain("Digest changed: every Friday at 07:15 (Europe/London), in English.");
    const junk = await ask("digest", { time: "07:15 Mars/Olympus", lang: "ko" });
    expect(junk.status).toBe("user_error");
    expect(junk.text).toContain("07:15 뒤에 입력한 “Mars/Olympus” 부분을 이해하지 못했습니다.");

    // After off, a new digest starts from the defaults.
    await runCommand(cmd("digest"), { ...inv, raw: { time: "off" } }, s.app);
    const fresh = await runCommand(cmd("digest"), { ...inv, raw: { time: "07:00", lang: "en" } }, s.app);
    expect(renderText(fresh.message)).toContain("Digest set: every day at 07:00 (Asia/Seoul), in English.");
  });

  it.each([
    ["EST", "America/New_York"],
    ["뉴욕", "America/New_York"],
    ["kst", "Asia/Seoul"],
    ["asia/seoul", "Asia/Seoul"],
    ["Silicon Valley", "America/Los_Angeles"],
  ])("/digest tz:%s runs in %s (daylight saving included)", async (typed, zone) => {
    const inv = invocation({ time: "08:00", tz: typed, lang: "en" });
    const set = await runCommand(cmd("digest"), inv, s.app);
    expect(renderText(set.message)).toContain(`every day at 08:00 (${zone})`);
    expect((await getChannel(s.app.store.db, inv.channel.key))?.digest?.tz).toBe(zone);
  });

  it("/digest takes a time zone typed bare, as a city name too", async () => {
    const inv = invocation({ time: "07:30 서울 mon", lang: "ko" });
    const set = await runCommand(cmd("digest"), inv, s.app);
    expect(renderText(set.message)).toContain("매주 월요일 07:30 (Asia/Seoul)");
  });

  it.each([
    [{ time: "25:00" }, "HH:MM"],
    [{ time: "08:00", tz: "Mars/Olympus" }, "time zone"],
  ])("/digest %o is refused", async (raw, hint) => {
    const r = await ask("digest", { ...raw, lang: "en" });
    expect(r.status).toBe("user_error");
    expect(r.text).toContain(hint);
  });
});

describe("the answer's language", () => {
  // option, channel setting, user locale → expected (DEFAULT_LANG is ko here)
  it.each([
    ["en", "ko", "ko", "en"],
    [undefined, "en", "ko", "en"],
    [undefined, undefined, "en-US", "en"],
    [undefined, undefined, "ko", "ko"],
    [undefined, undefined, "fr", "ko"],
    [undefined, undefined, undefined, "ko"],
  ] as const)("option %s, channel %s, locale %s → %s", async (option, channel, locale, expected) => {
    const inv = invocation(
      { company: "OpenAI", ...(option ? { lang: option } : {}) },
      locale ? { userLocale: locale } : {},
    );
    if (channel) await setChannelLang(s.app.store.db, inv.channel.key, channel);
    const r = await runCommand(cmd("funding"), inv, s.app);
    expect(r.lang).toBe(expected);
    expect(renderText(r.message)).toContain(expected === "ko" ? "투자 유치" : "$120B");
  });

  it("/help lists every command in the asker's language", async () => {
    const r = await ask("help", { lang: "ko" });
    for (const c of commands) expect(r.text).toContain(`/${c.name}`);
    expect(r.text).toContain("명령어");
  });
});
