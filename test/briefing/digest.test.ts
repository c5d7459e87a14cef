import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import { composeDigest, noNewsMessage } from "../../src/briefing/digest.js";
import type { NeutralMessage } from "../../src/briefing/message.js";
import { FxTable } from "../../src/domain/fx.js";
import type { Amount, Deal, DealEvent, Lang } from "../../src/domain/types.js";
import { renderText } from "../../src/platforms/text-renderer.js";
import { loadSample, type Sample } from "./sample-store.js";

const NAMES: Record<string, { en: string; ko: string }> = {
  nvidia: { en: "Nvidia", ko: "엔비디아" },
  openai: { en: "OpenAI", ko: "오픈AI" },
  oracle: { en: "Oracle", ko: "오라클" },
  amd: { en: "AMD", ko: "AMD" },
  xai: { en: "xAI", ko: "xAI" },
  softbank: { en: "SoftBank", ko: "소프트뱅크" },
};
const names = (id: string) => NAMES[id] ?? { en: id, ko: id };
const fx = new FxTable([{ currency: "KRW", on: "2026-01-01", rate: 1450 }]);
const usd = (value: number, qualifier: Amount["qualifier"] = "exact"): Amount => ({
  value,
  currency: "USD",
  qualifier,
});

function deal(id: string, over: Partial<Deal> = {}): Deal {
  return {
    id,
    kind: "investment",
    from: "nvidia",
    to: "openai",
    amount: null,
    status: "announced",
    title: {},
    observedOn: "2026-03-02",
    firstObservedOn: "2026-03-02",
    sources: [{ publisher: "Reuters", url: `https://example.com/${id}`, date: "2026-03-02" }],
    ...over,
  };
}

let seq = 0;
function ev(
  type: DealEvent["type"],
  d: Deal,
  observedOn: string,
  old: unknown = null,
  next: unknown = null,
): DealEvent {
  return {
    seq: ++seq,
    type,
    dealId: d.id,
    observedOn,
    old,
    new: type === "deal_added" ? d : next,
    recordedAt: `${observedOn}T09:00:00Z`,
  };
}

function digest(
  lang: Lang,
  events: DealEvent[],
  deals: Deal[],
  cyclesTouched = [] as { path: string[]; deals: string[] }[],
) {
  const msg = composeDigest({
    events,
    deals: new Map(deals.map((d) => [d.id, d])),
    lang,
    now: new Date("2026-03-03T00:00:00Z"),
    tz: "Asia/Seoul",
    cyclesTouched,
    names,
    fx,
  });
  if (!msg) throw new Error("expected a digest");
  return msg;
}

const list = (msg: NeutralMessage, title: string) => {
  const b = msg.blocks.find((x) => x.type === "list" && x.title === title);
  return b && b.type === "list" ? b.items : [];
};

describe("composeDigest on hand-made events", () => {
  const small = deal("small", {
    to: "xai",
    amount: usd(2e9),
    title: { ko: "엔비디아, xAI에 20억 달러 투자", en: "Nvidia puts $2B into xAI" },
  });
  const big = deal("big", {
    kind: "purchase",
    from: "openai",
    to: "oracle",
    amount: usd(3e11),
    title: { ko: "오픈AI, 오라클 클라우드 3000억 달러 계약", en: "OpenAI signs $300B Oracle cloud deal" },
  });
  const untitled = deal("untitled", { kind: "purchase", from: "openai", to: "amd", amount: null, title: {} });
  const revised = deal("revised", { amount: usd(2e10), status: "reported" });
  const stalled = deal("stalled", { kind: "warrant", from: "amd", to: "openai", status: "stalled" });
  const gone = deal("gone", {
    kind: "acquisition",
    from: "nvidia",
    to: "softbank",
    status: "cancelled",
    amount: usd(4e10),
    terms: { target: "Arm" },
  });
  const events = [
    ev("deal_added", small, "2026-03-02"),
    ev("deal_added", untitled, "2026-03-02"),
    ev("deal_added", big, "2026-03-01"),
    ev("amount_changed", revised, "2026-03-02", usd(1e11, "up_to"), usd(2e10)),
    ev("status_changed", revised, "2026-03-02", "stalled", "reported"),
    ev("status_changed", stalled, "2026-03-02", "announced", "stalled"),
    ev("status_changed", gone, "2026-03-02", "announced", "cancelled"),
    ev("source_added", small, "2026-03-02", null, {
      publisher: "Bloomberg",
      url: "https://bloomberg.example/x",
      date: "2026-03-02",
    }),
  ];
  const all = [small, big, untitled, revised, stalled, gone];

  it("groups events into new deals, revised amounts, status changes and cancellations, in that order", () => {
    const msg = digest("en", events, all);
    const titles = msg.blocks.flatMap((b) => (b.type === "list" && b.title ? [b.title] : []));
    expect(titles.slice(0, 4)).toEqual(["New deals", "Revised amounts", "Status changes", "Called off"]);
  });

  it("ranks larger amounts first within a group, undisclosed last", () => {
    const items = list(digest("en", events, all), "New deals");
    expect(items).toHaveLength(3);
    expect(items[0]).toContain("OpenAI signs $300B Oracle cloud deal");
    expect(items[1]).toContain("Nvidia puts $2B into xAI");
    expect(items[2]).toContain("undisclosed");
  });

  it.each([
    ["ko", "엔비디아의 오픈AI 투자, 최대 1,000억 달러 → 200억 달러로 축소 보도"],
    ["en", "Nvidia's OpenAI investment reportedly cut to $20B from up to $100B"],
  ] as const)("writes a revised amount as old → new in %s", (lang, line) => {
    const group = lang === "ko" ? "금액 변경" : "Revised amounts";
    expect(list(digest(lang, events, all), group)[0]).toContain(line);
  });

  it("prints each item's source with its date and link, folding a later source into the deal's item", () => {
    const text = renderText(digest("en", events, all));
    expect(text).toContain(
      "Nvidia puts $2B into xAI — $2B (Mar 2, Reuters <https://example.com/small> · Bloomberg <https://bloomberg.example/x>)",
    );
    expect(text).not.toContain("More coverage");
  });

  it("renders a headline from the structured fields when a deal has no title", () => {
    expect(list(digest("ko", events, all), "신규 거래")).toContainEqual(
      expect.stringContaining("오픈AI, AMD와 구매 계약 — 금액 비공개"),
    );
    expect(list(digest("en", events, all), "New deals")).toContainEqual(
      expect.stringContaining("OpenAI signs purchase deal with AMD — undisclosed"),
    );
  });

  it.each([
    ["ko", "AMD의 오픈AI 워런트 부여 협상, 진전 없어", "엔비디아의 Arm 인수 무산 — 400억 달러"],
    ["en", "Talks on AMD's warrant to OpenAI stalled", "Nvidia's acquisition of Arm called off — $40B"],
  ] as const)("words status changes and cancellations in %s", (lang, stall, cancel) => {
    const text = renderText(digest(lang, events, all));
    expect(text).toContain(stall);
    expect(text).toContain(cancel);
  });

  it.each([
    ["ko", "이번 기간 공개 금액 3,220억 달러(약 467조 원), 금액 비공개 1건."],
    ["en", "Disclosed this period: $322B; 1 undisclosed."],
  ] as const)(
    "closes with the window's disclosed total and undisclosed count in %s (cancelled left out)",
    (lang, line) => {
      expect(renderText(digest(lang, events, all))).toContain(line);
    },
  );

  it.each([
    ["ko", "이번 거래로 오픈AI → 오라클 → 엔비디아 → 오픈AI 순환 고리가 추가됐다."],
    ["en", "New loop closed: OpenAI → Oracle → Nvidia → OpenAI."],
  ] as const)("names a loop that a new deal closed in %s", (lang, line) => {
    const loop = { path: ["openai", "oracle", "nvidia"], deals: ["big", "x", "y"] };
    const unrelated = { path: ["amd", "xai"], deals: ["p", "q"] };
    const text = renderText(digest(lang, events, all, [loop, unrelated]));
    expect(text).toContain(line);
    expect(text).not.toContain("xAI → AMD");
  });

  it.each([
    ["ko", "추가 보도", "엔비디아, xAI에 20억 달러 투자 — 후속 보도 (3월 2일, 블룸버그 <https://bloomberg.example/x>)"],
    [
      "en",
      "More coverage",
      "Nvidia puts $2B into xAI — follow-up report (Mar 2, Bloomberg <https://bloomberg.example/x>)",
    ],
  ] as const)("lists a deal with only a new source under its own group in %s", (lang, group, line) => {
    const only = [events.at(-1) as DealEvent];
    const text = renderText(digest(lang, only, all));
    expect(text).toContain(`${group}\n• ${line}`);
    expect(text).not.toContain(lang === "ko" ? "이번 기간 공개 금액" : "Disclosed this period");
  });

  it("tells a status change with the amount of its day, though a later revision and an older report followed", () => {
    const d = deal("later", { amount: usd(5e9), status: "stalled", observedOn: "2026-03-02" });
    const msg = digest(
      "en",
      [
        ev("status_changed", d, "2026-03-01", "announced", "stalled"),
        ev("amount_changed", d, "2026-03-02", usd(1e10), usd(5e9)),
        // An older report arriving last adds only its source; it must not hide the revision above.
        ev("source_added", d, "2026-02-20", null, { publisher: "FT", date: "2026-02-20" }),
      ],
      [d],
    );
    expect(list(msg, "Status changes")[0]).toContain("stalled — $10B");
  });

  it("returns null for an empty window, and the one-line notice is there for the caller", () => {
    expect(
      composeDigest({ events: [], deals: new Map(), lang: "ko", now: new Date(), tz: "UTC", cyclesTouched: [], names }),
    ).toBeNull();
    expect(noNewsMessage("ko").summary).toContain("없습니다");
    expect(noNewsMessage("en").summary).toBe("No new AI deal events today.");
  });

  it("keeps a title from the data literal: no link, no markup, no new blocks", () => {
    const evil = deal("evil", {
      title: { en: "[click](http://evil.example) **now**\nitem: injected" },
      amount: usd(1e9),
    });
    const msg = digest("en", [ev("deal_added", evil, "2026-03-02")], [evil]);
    const text = renderText(msg);
    expect(text).toContain("[click](http://evil.example) **now** item: injected");
    expect(text).not.toContain("<http://evil.example>");
    expect(list(msg, "New deals")).toHaveLength(1);
  });
});

describe("headlines for deals without a title, from the structured fields", () => {
  const T = (kind: Deal["kind"], from: string | null, to: string, amount: Amount | null, terms?: Deal["terms"]) =>
    deal(`h-${kind}-${to}`, { kind, from, to, amount, title: {}, ...(terms ? { terms } : {}) });
  it.each([
    [
      T("investment", "nvidia", "openai", usd(2e10)),
      "엔비디아, 오픈AI에 200억 달러 투자",
      "Nvidia to invest $20B in OpenAI",
    ],
    [
      T("funding_round", null, "xai", usd(2e10, "approx"), { valuation_usd: 2e11 }),
      "xAI, 약 200억 달러 투자 유치 (기업가치 2,000억 달러)",
      "xAI raises about $20B at a $200B valuation",
    ],
    [
      T("acquisition", "softbank", "amd", usd(5.375e9), { target: "ABB Robotics" }),
      "소프트뱅크, ABB Robotics 53억 7,500만 달러에 인수",
      "SoftBank to buy ABB Robotics for $5.4B",
    ],
    [
      T("purchase", "openai", "oracle", usd(3e11)),
      "오픈AI, 오라클과 3,000억 달러 규모 구매 계약",
      "OpenAI signs $300B purchase deal with Oracle",
    ],
    [T("purchase", "openai", "amd", null), "오픈AI, AMD와 구매 계약", "OpenAI signs purchase deal with AMD"],
    [
      T("warrant", "amd", "openai", null, { shares: 160_000_000 }),
      "AMD, 오픈AI에 1억 6,000만 주 규모 신주인수권(워런트) 부여",
      "AMD grants OpenAI a warrant for 160M shares",
    ],
    [T("loan", "softbank", "openai", usd(1e9)), "소프트뱅크, 오픈AI에 10억 달러 대출", "SoftBank lends OpenAI $1B"],
    [T("partnership", "xai", "oracle", null), "xAI, 오라클과 파트너십", "xAI partners with Oracle"],
  ])("%#: %s", (d, ko, en) => {
    const e = ev("deal_added", d, "2026-03-02");
    expect(list(digest("ko", [e], [d]), "신규 거래")[0]).toContain(ko);
    expect(list(digest("en", [e], [d]), "New deals")[0]).toContain(en);
  });
});

describe("the sample dataset's digest since 2026-01-01", () => {
  let s: Sample;
  const digests: Record<Lang, string> = { ko: "", en: "" };
  beforeAll(async () => {
    s = await loadSample();
    const events = await s.events("2026-01-01");
    const touched = cycles(s.graph, { maxLen: 4 }).cycles;
    for (const lang of ["ko", "en"] as const) {
      const msg = composeDigest({
        events,
        deals: s.deals,
        lang,
        now: new Date("2026-02-05T00:00:00Z"),
        tz: "Asia/Seoul",
        cyclesTouched: touched,
        names: s.names,
        fx: s.fx,
      });
      digests[lang] = msg ? renderText(msg) : "";
    }
  });
  afterAll(() => s?.close());

  it.each([
    "AI 딜 브리핑 · 2026년 2월 5일(목)",
    "신규 거래\n• 오픈AI, 세레브라스와 추론용 칩 구매 계약 — 금액 비공개 · 체결 (1월 14일, 로이터)",
    "금액 변경\n• 엔비디아의 오픈AI 투자, 최대 1,000억 달러 → 200억 달러로 축소 보도 (2월 4일, 국민일보)",
    "상태 변경\n• 엔비디아의 오픈AI 투자 협상, 진전 없어 — 최대 1,000억 달러 (1월 31일, 월스트리트저널)",
    "이번 기간 공개 금액 200억 달러(약 29조 원), 금액 비공개 1건.",
    "• 엔비디아 → 오픈AI → 오라클 → 엔비디아",
  ])("the Korean digest reads: %s", (line) => {
    expect(digests.ko).toContain(line);
  });

  it.each([
    "AI Deals Brief · Thu, Feb 5, 2026",
    "New deals\n• OpenAI signs inference chip deal with Cerebras — undisclosed · signed (Jan 14, Reuters)",
    "Revised amounts\n• Nvidia's OpenAI investment reportedly cut to $20B from up to $100B (Feb 4, Kookmin Ilbo)",
    "Status changes\n• Talks on Nvidia's OpenAI investment stalled — up to $100B (Jan 31, WSJ)",
    "Disclosed this period: $20B; 1 undisclosed.",
    "• Nvidia → OpenAI → Oracle → Nvidia",
  ])("the English digest reads: %s", (line) => {
    expect(digests.en).toContain(line);
  });

  it("dates a digest of an earlier window with the deals as they stood then", async () => {
    const window = await s.events("2026-01-01", "2026-01-31");
    const later = await s.events("2026-02-01");
    const msg = composeDigest({
      events: window,
      laterEvents: later,
      deals: s.deals,
      lang: "en",
      now: new Date("2026-01-31T12:00:00Z"),
      tz: "Asia/Seoul",
      cyclesTouched: [],
      names: s.names,
      fx: s.fx,
    });
    const text = msg ? renderText(msg) : "";
    expect(text).toContain("Talks on Nvidia's OpenAI investment stalled — up to $100B (Jan 31, WSJ)");
    expect(text).not.toContain("$20B");
  });

  it("shows a new deal with the amount it was announced at, not a later revision", async () => {
    const msg = composeDigest({
      events: await s.events("2025-09-01", "2025-10-15"),
      deals: s.deals,
      lang: "ko",
      now: new Date("2025-10-15T00:00:00Z"),
      tz: "Asia/Seoul",
      cyclesTouched: [],
      names: s.names,
      fx: s.fx,
    });
    expect(msg ? renderText(msg) : "").toContain(
      "엔비디아, 10GW 데이터센터 위해 오픈AI에 최대 1000억 달러 투자 의향서 — 최대 1,000억 달러(약 139조 원) (9월 22일, CNBC)",
    );
  });
});
