import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import { exposure } from "../../src/analytics/exposure.js";
import { funding } from "../../src/analytics/funding.js";
import { recentDeals } from "../../src/analytics/recent-deals.js";
import type { FundingResult } from "../../src/analytics/types.js";
import {
  type AnswerContext,
  cyclesAnswer,
  dealsAnswer,
  exposureAnswer,
  fundingAnswer,
} from "../../src/briefing/answers.js";
import type { Lang } from "../../src/domain/types.js";
import { renderText } from "../../src/platforms/text-renderer.js";
import { loadSample, type Sample } from "./sample-store.js";

let s: Sample;
beforeAll(async () => {
  s = await loadSample();
});
afterAll(() => s?.close());

const ctx = (lang: Lang): AnswerContext => ({
  lang,
  names: s.names,
  fx: s.fx,
  now: new Date("2026-02-05T00:00:00Z"),
  tz: "Asia/Seoul",
});

describe("funding answers on the sample data", () => {
  it("Korean: states the total, names undisclosed deals, says what was counted, cites sources, politely", () => {
    const text = renderText(fundingAnswer(funding(s.graph, "openai", {}), ctx("ko")));
    expect(text).toContain("오픈AI는 모두 4건의 투자를 유치했고, 공개된 금액은 합계 1,200억 달러(약 174조 원)입니다.");
    expect(text).toContain("금액이 공개되지 않은 2건은 합계에 넣지 않았습니다.");
    expect(text).toContain("집계 기준: 현재 상태, 무산 거래 제외.");
    expect(text).toContain("— 최대 1,000억 달러(약 139조 원) · 보도 (2025년 12월 18일, 월스트리트저널)");
    expect(text).toContain("(2월 4일, 국민일보)");
  });

  it("English: the same facts in wire style", () => {
    const text = renderText(fundingAnswer(funding(s.graph, "openai", {}), ctx("en")));
    expect(text).toContain("OpenAI has raised $120B across 4 deals. 2 with undisclosed amounts are not in the total.");
    expect(text).toContain("Counted: current states, called-off deals left out.");
    expect(text).toContain("(Feb 4, Kookmin Ilbo)");
  });

  it("says which statuses and window were counted when filtered", () => {
    const result = funding(s.graph, "openai", { since: "2026-01-01", statuses: ["reported", "signed"] });
    expect(renderText(fundingAnswer(result, ctx("ko")))).toContain(
      "집계 기준: 현재 '보도'·'체결' 상태인 거래, 2026년 1월 1일 이후 관측분.",
    );
    expect(renderText(fundingAnswer(result, ctx("en")))).toContain(
      "Counted: deals currently reported or signed, observed since Jan 1, 2026.",
    );
    const three = funding(s.graph, "openai", { statuses: ["reported", "signed", "completed"] });
    expect(renderText(fundingAnswer(three, ctx("en")))).toContain(
      "Counted: deals currently reported, signed or closed.",
    );
  });

  it("shows a round's known participations inside the round, counted once", () => {
    expect(renderText(fundingAnswer(funding(s.graph, "xai", {}), ctx("ko")))).toContain(
      "— 약 200억 달러(약 28조 원), 엔비디아 최대 20억 달러 참여 · 보도 (2025년 10월 8일, 블룸버그)",
    );
    expect(renderText(fundingAnswer(funding(s.graph, "xai", {}), ctx("en")))).toContain(
      "— about $20B, incl. Nvidia up to $2B · reported (Oct 8, 2025, Bloomberg)",
    );
  });

  it("answers plainly when nothing matches", () => {
    expect(renderText(fundingAnswer(funding(s.graph, "oracle", {}), ctx("ko")))).toContain(
      "집계 조건에 맞는 오라클의 투자 유치 건이 없습니다.",
    );
  });
});

describe("Korean particles after company names in answers", () => {
  const empty = { deals: 1, total_usd: 1e9, total_usd_max: 1e9, undisclosed: 0, unconverted: 0 };
  const result = (company: string): FundingResult => ({
    ...empty,
    company,
    by_status: { announced: empty },
    by_investor: { undisclosed: empty },
    items: [],
    counted: { include_cancelled: false, since: null, statuses: null },
  });
  it.each([
    ["amd", "AMD는 모두"],
    ["oracle", "오라클은 모두"],
    ["xai", "xAI는 모두"],
    ["n8n", "n8n은 모두"],
    ["tsmc", "TSMC는 모두"],
    ["broadcom", "브로드컴은 모두"],
    ["nvidia", "엔비디아는 모두"],
  ])("%s → %s", (company, phrase) => {
    expect(renderText(fundingAnswer(result(company), ctx("ko")))).toContain(phrase);
  });

  it.each([
    ["amd", "AMD를 지나는 순환 고리"],
    ["oracle", "오라클을 지나는 순환 고리"],
    ["oracle", "다시 오라클로 돌아오는"],
    ["nvidia", "엔비디아를 지나는 순환 고리 4개"],
    ["coreweave", "다시 코어위브로 돌아오는"],
    // Concentration names the largest single counterparty; most of OpenAI's money came from a round's undisclosed investors.
    ["openai", "공개된 유입액 가운데 단일 상대로는 엔비디아가 16.7%로 가장 많습니다."],
    ["oracle", "공개된 유입액은 모두 오픈AI에서 들어왔습니다."],
  ])("exposure of %s reads %s", (company, phrase) => {
    expect(renderText(exposureAnswer(exposure(s.graph, company, {}), ctx("ko")))).toContain(phrase);
  });
});

describe("exposure, cycles and deals answers on the sample data", () => {
  it("exposure gives flows, circular exposure and the loops through the company", () => {
    const ko = renderText(exposureAnswer(exposure(s.graph, "nvidia", {}), ctx("ko")));
    expect(ko).toContain("유출(투자·구매 등): 220억 달러(약 32조 원) · 3건(비공개 1건)");
    expect(ko).toContain("유입: 공개 금액 없음 · 4건(비공개 4건)");
    expect(ko).toContain("• 엔비디아 → 오픈AI → 오라클 → 엔비디아");
    const en = renderText(exposureAnswer(exposure(s.graph, "nvidia", {}), ctx("en")));
    expect(en).toContain("Circular exposure: $22B · 3 deals (1 undisclosed)");
    expect(renderText(exposureAnswer(exposure(s.graph, "openai", {}), ctx("en")))).toContain(
      "Nvidia is the largest single source of disclosed inflows, at 16.7%.",
    );
    expect(en).toContain("Counted: current states, called-off deals left out, loops of up to 4 deals.");
  });

  it("a flow with no deals at all is simply none, not an undisclosed amount", () => {
    const ko = renderText(exposureAnswer(exposure(s.graph, "softbank", {}), ctx("ko")));
    expect(ko).toContain("유출(투자·구매 등): 53억 7,500만 달러(약 7조 7,900억 원) · 2건(비공개 1건)");
    expect(ko).toContain("유입: 없음\n순환 노출: 없음");
    const en = exposureAnswer(exposure(s.graph, "softbank", {}), ctx("en"));
    expect(renderText(en)).toContain("Inflows: none\nCircular exposure: none");
    expect(en.summary).toContain("in none");
    // funding with nothing counted says so in its notification text too
    const nothing = fundingAnswer(funding(s.graph, "openai", { since: "2030-01-01" }), ctx("ko"));
    expect(nothing.summary).toBe("오픈AI 투자 유치: 해당 거래 없음");
  });

  it("cycles lists the five sample loops with each edge's amount, status and source", () => {
    const ko = renderText(cyclesAnswer(cycles(s.graph, {}), ctx("ko")));
    expect(ko).toContain("순환 고리는 5개입니다.");
    expect(ko).toContain(
      "엔비디아 → 오픈AI → 오라클 → 엔비디아\n• 엔비디아 → 오픈AI 투자 — 200억 달러 · 보도 (2월 4일, 국민일보)",
    );
    expect(ko).toContain("• 오픈AI → AMD 구매 계약 — 100억~1,000억 달러 · 발표 (2025년 10월 6일, CNBC)");
    const en = renderText(cyclesAnswer(cycles(s.graph, {}), ctx("en")));
    expect(en).toContain("5 loops; largest amounts first.");
    expect(en).toContain("• AMD → OpenAI warrant — undisclosed · announced (Oct 6, 2025, CNBC)");
  });

  it("large counts are written with thousands separators in both languages", () => {
    // A hub of the million-deal bench graph has 468,518 loops beyond those listed.
    const big = { ...exposure(s.graph, "nvidia", {}), cycles_more: 468_518 };
    expect(renderText(exposureAnswer(big, ctx("ko")))).toContain("순환 고리 4개(외 468,518개)");
    expect(renderText(exposureAnswer(big, ctx("en")))).toContain(": 4 (+468,518 more)");
    // Deal counts too: that hub has 8,483 deals out, 1,711 of them undisclosed.
    const hub = { ...big, outflows: { ...big.outflows, deals: 8_483, undisclosed: 1_711 } };
    expect(renderText(exposureAnswer(hub, ctx("ko")))).toContain("8,483건(비공개 1,711건)");
    expect(renderText(exposureAnswer(hub, ctx("en")))).toContain("8,483 deals (1,711 undisclosed)");
    const raised = funding(s.graph, "openai", {});
    const many = { ...raised, deals: 1_054, undisclosed: 205 };
    expect(renderText(fundingAnswer(many, ctx("ko")))).toContain("모두 1,054건의 투자를 유치했고");
    expect(renderText(fundingAnswer(many, ctx("en")))).toContain("across 1,054 deals");
  });

  it("a loop search stopped at its work limit says the count is a lower bound and how to get a full one", () => {
    // Budget for part of the walk: some of the sample's five loops up to six deals are found, not all.
    const cut = cycles(s.graph, { maxLen: 6, limit: 2, budget: 60 });
    expect(cut.cycles.length).toBe(2);
    expect(cut.complete).toBe(false);
    const full = cycles(s.graph, { maxLen: 6, limit: 2 });
    expect(full.complete).toBe(true);
    expect(cut.cycles.length + cut.more).toBeLessThan(full.cycles.length + full.more);
    const ko = renderText(cyclesAnswer(cut, ctx("ko")));
    expect(ko).toContain(
      `순환 고리 ${cut.cycles.length}개를 큰 금액순으로 보여 드립니다. 이 밖에도 최소 ${cut.more}개가 더 있습니다.`,
    );
    expect(ko).toContain("기업을 지정하거나 최대 길이를 줄이면 전체 개수를 확인할 수 있습니다.");
    const en = renderText(cyclesAnswer(cut, ctx("en")));
    expect(en).toContain(`${cut.cycles.length} loops, plus at least ${cut.more} not listed; largest amounts first.`);
    expect(en).toContain("the search stopped at its work limit");
    const none = renderText(cyclesAnswer(cycles(s.graph, { budget: 0 }), ctx("en")));
    expect(none).toContain("The search stopped at its work limit before it found a loop.");
    expect(none).not.toContain("No loops match");
  });

  it("exposure whose loop walk stopped at its work limit gives a lower bound, and circular exposure in full", () => {
    const full = exposure(s.graph, "nvidia", { maxLen: 6, limit: 1 });
    expect(full.cycles_complete).toBe(true);
    const cut = exposure(s.graph, "nvidia", { maxLen: 6, limit: 1, budget: 32 });
    expect(cut.cycles_complete).toBe(false);
    expect(cut.cycles).toHaveLength(1);
    expect(cut.cycles_more).toBeGreaterThan(0);
    expect(cut.cycles_more).toBeLessThan(full.cycles_more);
    expect(cut.circular).toEqual(full.circular);
    const ko = renderText(exposureAnswer(cut, ctx("ko")));
    expect(ko).toContain(`엔비디아를 지나는 순환 고리 1개(외 최소 ${cut.cycles_more}개)`);
    expect(ko).toContain("순환 노출: 220억 달러(약 32조 원) · 3건(비공개 1건)");
    expect(ko).toContain("순환 노출 금액은 모든 고리를 반영한 값입니다.");
    const en = renderText(exposureAnswer(cut, ctx("en")));
    expect(en).toContain(`Loops through Nvidia: 1 (+at least ${cut.cycles_more} more)`);
    expect(en).toContain("Circular exposure counts every loop all the same.");
    const none = renderText(exposureAnswer(exposure(s.graph, "nvidia", { maxLen: 6, budget: 0 }), ctx("en")));
    expect(none).toContain("The loop search stopped at its work limit before it found a loop.");
    expect(renderText(exposureAnswer(full, ctx("en")))).not.toContain("work limit");
  });

  it('a search cut short with nothing found beyond its list does not claim "at least 0" more', () => {
    // The same cut-short walk, listed in full: every loop it found is shown, none beyond them.
    const cut = cycles(s.graph, { maxLen: 6, budget: 40 });
    expect(cut.complete).toBe(false);
    expect(cut.more).toBe(0);
    const ko = renderText(cyclesAnswer(cut, ctx("ko")));
    expect(ko).toContain(`순환 고리 ${cut.cycles.length}개를 큰 금액순으로 보여 드립니다.`);
    expect(ko).not.toContain("최소 0개");
    expect(ko).toContain("검색을 끝까지 마치지 못해 이보다 많은 고리가 있을 수 있습니다.");
    const en = renderText(cyclesAnswer(cut, ctx("en")));
    expect(en).toContain(`${cut.cycles.length} loops; largest amounts first.`);
    expect(en).not.toContain("at least 0");
    expect(en).toContain("there may be more loops than these");
  });

  it("deals lists refs newest first with their dates, and says when the list is cut", () => {
    const refs = [...s.graph.ids.keys()]
      .map((i) => s.graph.ref(i))
      .sort((a, b) => b.observed_on.localeCompare(a.observed_on));
    const msg = dealsAnswer(
      { deals: refs.slice(0, 3), total: refs.length, company: null, since: null, kind: null },
      ctx("en"),
    );
    const text = renderText(msg);
    expect(text).toContain(`3 most recent of ${refs.length}, newest first.`);
    expect(text.indexOf("Feb 4 · ")).toBeLessThan(text.indexOf("Jan 14 · "));
    expect(
      renderText(dealsAnswer({ deals: [], total: 0, company: "amd", since: null, kind: null }, ctx("ko"))),
    ).toContain("조건에 맞는 거래가 없습니다.");
  });

  it("deals with nothing in the window names the latest matching deal before it, not just 'nothing'", () => {
    const ask = (since: string, kind?: "purchase") =>
      recentDeals(s.graph, { company: "openai", since, limit: 20, includeCancelled: true, ...(kind ? { kind } : {}) });
    const empty = ask("2026-03-01");
    expect(empty.deals).toEqual([]);
    expect(empty.latestBeforeSince?.id).toBe("nvidia-openai-10gw");
    expect(ask("2026-02-01", "purchase").latestBeforeSince?.id).toBe("openai-cerebras-chips");
    expect(recentDeals(s.graph, { company: "openai", limit: 20 }).latestBeforeSince).toBeNull();
    const answer = (lang: Lang) =>
      renderText(dealsAnswer({ ...empty, company: "openai", since: "2026-03-01", kind: null }, ctx(lang)));
    expect(answer("ko")).toContain(
      "이 기간에는 조건에 맞는 거래가 없습니다. 그 전의 가장 최근 거래입니다.\n\n• 2월 4일 · 엔비디아, 오픈AI에 200억 달러 투자",
    );
    expect(answer("en")).toContain("No deals match these filters in this period. The latest before it:\n\n• Feb 4 · ");
  });

  it("deals cites each source without repeating the date the line leads with, unless the source's differs", () => {
    const [latest] = [...s.graph.ids.keys()]
      .map((i) => s.graph.ref(i))
      .sort((a, b) => b.observed_on.localeCompare(a.observed_on));
    if (!latest?.source) throw new Error("the sample's latest deal has a source");
    const answer = (ref: typeof latest, lang: "ko" | "en") =>
      renderText(dealsAnswer({ deals: [ref], total: 1, company: null, since: null, kind: null }, ctx(lang)));
    expect(answer(latest, "ko")).toContain("• 2월 4일 · 엔비디아, 오픈AI에 200억 달러 투자");
    expect(answer(latest, "ko")).toContain("· 보도 (국민일보)");
    expect(answer(latest, "en")).toContain("· reported (Kookmin Ilbo)");
    const olderSource = { ...latest, source: { ...latest.source, date: "2026-01-31" } };
    expect(answer(olderSource, "ko")).toContain("· 보도 (1월 31일, 국민일보)");
    expect(answer(olderSource, "en")).toContain("· reported (Jan 31, Kookmin Ilbo)");
  });
});
