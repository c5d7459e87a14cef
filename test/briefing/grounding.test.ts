import { describe, expect, it } from "vitest";
import { checkGrounding, type LeadFacts } from "../../src/briefing/grounding.js";
import type { Lang } from "../../src/domain/types.js";
import { sampleFacts } from "./lead-sample.js";

const facts = sampleFacts();

describe("the facts built from the sample's 2026 events", () => {
  it("carry the revision, the stall and the undisclosed Cerebras deal", () => {
    expect(facts.events.map((e) => [e.type, e.dealId, e.amountUsd])).toEqual([
      ["deal_added", "openai-cerebras-chips", null],
      ["status_changed", "nvidia-openai-10gw", 20e9],
      ["amount_changed", "nvidia-openai-10gw", 20e9],
    ]);
    expect(facts.events[2]?.oldAmount).toEqual({ value: 100e9, currency: "USD", qualifier: "up_to" });
    expect(facts.events[1]?.oldStatus).toBe("announced");
    expect(facts.undisclosed).toBe(1);
    expect(facts.usdKrw).toBe(1450);
  });
});

describe("checkGrounding accepts summaries that stay within the events", () => {
  const good: [Lang, string][] = [
    [
      "ko",
      "엔비디아의 오픈AI 투자 규모가 최대 1,000억 달러에서 200억 달러로 축소된 것으로 알려졌다. 앞서 1월 31일에는 양사 협상이 진전 없는 것으로 보도됐다.",
    ],
    ["ko", "엔비디아가 오픈AI에 200억 달러(약 29조 원)를 투자하는 것으로 알려졌다. 당초 계획은 1000억 달러였다."],
    [
      "ko",
      "오픈AI는 세레브라스와 추론용 칩 구매 계약을 체결했으며 금액은 공개되지 않았다. 엔비디아-오픈AI 간 10GW 규모 투자 계획은 축소됐다.",
    ],
    ["en", "Nvidia's investment in OpenAI was cut to $20B from up to $100B. Talks had stalled on Jan 31."],
    [
      "en",
      "OpenAI signed an inference-chip deal with Cerebras; terms were not disclosed. The loop Nvidia → OpenAI → Nvidia was touched.",
    ],
    ["en", "Nvidia reportedly trimmed its OpenAI commitment by $80B to $20 billion."],
  ];
  it.each(good)("%s: %s", (lang, summary) => {
    expect(checkGrounding(summary, facts, lang)).toEqual({ ok: true });
  });
});

describe("checkGrounding refuses anything invented", () => {
  const bad: [Lang, string, RegExp][] = [
    ["en", "Nvidia will invest $30B in OpenAI.", /amount not in the events: \$30B/],
    ["ko", "엔비디아가 오픈AI에 300억 달러를 투자한다.", /amount not in the events: 300억 달러/],
    ["ko", "엔비디아가 오픈AI에 200억 달러(약 50조 원)를 투자한다.", /amount not in the events: 50조 원/],
    ["en", "Nvidia's OpenAI stake is now 15 GW.", /number not in the events: 15/],
    ["en", "Nvidia cut its OpenAI plan to $20B while Google watched.", /company not in the events: Google/],
    ["ko", "엔비디아가 오픈AI 투자를 200억 달러로 줄였고 구글도 검토 중이다.", /company not in the events: 구글/],
    ["ko", "소프트뱅크가 오픈AI 투자를 200억 달러로 줄였다.", /company not in the events: 소프트뱅크/],
    ["en", "AMD and OpenAI signed a $20B deal.", /company not in the events: AMD/],
    ["en", "Nvidia cut its OpenAI plan to $20B, said Jensen Huang.", /not in the events: Jensen/],
    ["en", "엔비디아 invested $20B.", /not in English/],
    ["ko", "Nvidia invested $20B.", /not in Korean/],
    ["en", "@everyone Nvidia invested $20B in OpenAI.", /mention/],
    ["en", "", /empty/],
  ];
  it.each(bad)("%s: %s", (lang, summary, reason) => {
    const r = checkGrounding(summary, facts, lang);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe("money is compared after our parser reads it, within the formatter's rounding", () => {
  const abb: LeadFacts = {
    events: [
      {
        type: "deal_added",
        dealId: "softbank-abb-robotics",
        kind: "acquisition",
        from: { id: "softbank", name: { en: "SoftBank", ko: "소프트뱅크" } },
        to: { id: "abb", name: { en: "ABB", ko: "ABB" } },
        status: "announced",
        amount: { value: 5.375e9, currency: "USD", qualifier: "exact" },
        amountUsd: 5.375e9,
        observedOn: "2025-10-08",
        publisher: "CNBC",
      },
    ],
    totalUsd: 5.375e9,
    undisclosed: 0,
    usdKrw: 1450,
  };
  it.each([
    ["en", "SoftBank agreed to buy ABB's robotics unit for $5.4B, CNBC reported.", true],
    ["en", "SoftBank agreed to buy ABB's robotics unit for $5.375 billion.", true],
    ["ko", "소프트뱅크가 ABB 로보틱스 사업부를 53억 7,500만 달러에 인수한다.", true],
    ["ko", "소프트뱅크가 ABB 로보틱스 사업부를 54억 달러에 인수한다.", true],
    ["ko", "소프트뱅크가 ABB 로보틱스 사업부를 약 7조 7,900억 원에 인수한다.", true],
    ["en", "SoftBank agreed to buy ABB's robotics unit for $6B.", false],
    ["ko", "소프트뱅크가 ABB 로보틱스 사업부를 60억 달러에 인수한다.", false],
  ] as [Lang, string, boolean][])("%s: %s → %s", (lang, summary, ok) => {
    expect(checkGrounding(summary, abb, lang).ok).toBe(ok);
  });
});
