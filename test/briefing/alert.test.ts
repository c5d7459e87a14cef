import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertMessage, foldedAlertsMessage } from "../../src/briefing/alert.js";
import type { DealEvent } from "../../src/domain/types.js";
import { renderText } from "../../src/platforms/text-renderer.js";
import { loadSample, type Sample } from "./sample-store.js";

let s: Sample;
let events: DealEvent[];
beforeAll(async () => {
  s = await loadSample();
  events = await s.events("2026-01-01");
});
afterAll(() => s?.close());

const find = (type: DealEvent["type"], dealId: string) => {
  const e = events.find((x) => x.type === type && x.dealId === dealId);
  if (!e) throw new Error(`no ${type} event for ${dealId} in the sample`);
  return e;
};
const dealOf = (id: string) => {
  const d = s.deals.get(id);
  if (!d) throw new Error(`no deal ${id}`);
  return d;
};

describe("alertMessage on the sample events", () => {
  it.each([
    [
      "ko",
      "금액 변경",
      "엔비디아의 오픈AI 투자, 최대 1,000억 달러 → 200억 달러로 축소 보도 (2월 4일, 국민일보)",
      "금액: 200억 달러(약 29조 원)",
    ],
    [
      "en",
      "Amount revised",
      "Nvidia's OpenAI investment reportedly cut to $20B from up to $100B (Feb 4, Kookmin Ilbo)",
      "Amount: $20B",
    ],
  ] as const)("a revised amount in %s", (lang, header, line, amount) => {
    const e = find("amount_changed", "nvidia-openai-10gw");
    const msg = alertMessage({ event: e, deal: dealOf(e.dealId), lang, names: s.names, fx: s.fx });
    expect(msg.blocks[0]).toEqual({ type: "header", text: header });
    const text = renderText(msg);
    expect(text).toContain(line);
    expect(text).toContain(amount);
    expect(msg.summary).toBe(`[${header}] ${line}`);
  });

  it("a new deal, with the reason the channel gets it", () => {
    const e = find("deal_added", "openai-cerebras-chips");
    const msg = alertMessage({
      event: e,
      deal: dealOf(e.dealId),
      lang: "ko",
      names: s.names,
      fx: s.fx,
      reason: "구독: 오픈AI (모든 금액)",
    });
    const text = renderText(msg);
    expect(text).toContain("신규 거래");
    expect(text).toContain("오픈AI, 세레브라스와 추론용 칩 구매 계약 — 금액 비공개 · 체결 (1월 14일, 로이터)");
    expect(text).toContain("거래: 오픈AI → 세레브라스 · 구매 계약");
    expect(text).toContain("금액: 비공개\n");
    expect(text).toContain("구독: 오픈AI (모든 금액)");
  });

  it("a status change in English", () => {
    const e = find("status_changed", "nvidia-openai-10gw");
    const text = renderText(alertMessage({ event: e, deal: dealOf(e.dealId), lang: "en", names: s.names, fx: s.fx }));
    expect(text).toContain("Status change");
    expect(text).toContain("Talks on Nvidia's OpenAI investment stalled");
    expect(text).toContain("(Jan 31, WSJ)");
    expect(text).toContain("Status: stalled");
  });

  it.each([
    ["ko", "순환 고리 완성", "이 거래로 오픈AI → 오라클 → 엔비디아 → 오픈AI 순환 고리가 완성됐다."],
    ["en", "Loop closed", "This deal closes a loop: OpenAI → Oracle → Nvidia → OpenAI."],
  ] as const)("a loop closed in %s", (lang, header, line) => {
    const e = find("deal_added", "openai-cerebras-chips");
    const loop = {
      path: ["openai", "oracle", "nvidia"],
      deals: ["openai-oracle-cloud", "oracle-nvidia-chips", "nvidia-openai-10gw"],
    };
    const text = renderText(alertMessage({ event: e, deal: dealOf(e.dealId), lang, names: s.names, fx: s.fx, loop }));
    expect(text.startsWith(header)).toBe(true);
    expect(text).toContain(line);
  });
});

describe("foldedAlertsMessage", () => {
  it.each([
    ["ko", "거래 알림 3건", ["신규 거래", "금액 변경", "상태 변경"]],
    ["en", "Deal alerts · 3", ["New deals", "Revised amounts", "Status changes"]],
  ] as const)("summarises a burst in one %s message, grouped like a digest", (lang, header, groups) => {
    const msg = foldedAlertsMessage(events, { deals: s.deals, lang, names: s.names, fx: s.fx });
    expect(msg.blocks[0]).toEqual({ type: "header", text: header });
    expect(msg.blocks.filter((b) => b.type === "list").map((b) => (b.type === "list" ? b.title : ""))).toEqual(groups);
  });
});
