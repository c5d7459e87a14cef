import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { particle, withParticle } from "../../src/domain/korean.js";

describe("particles follow how Koreans say the name's last syllable", () => {
  const cases: [string, string, string, string, string, string][] = [
    // name, 은/는, 이/가, 을/를, 과/와, 으로/로
    ["엔비디아", "는", "가", "를", "와", "로"],
    ["오라클", "은", "이", "을", "과", "로"],
    ["브로드컴", "은", "이", "을", "과", "으로"],
    ["아마존", "은", "이", "을", "과", "으로"],
    ["오픈AI", "는", "가", "를", "와", "로"],
    ["AMD", "는", "가", "를", "와", "로"],
    ["xAI", "는", "가", "를", "와", "로"],
    ["TSMC", "는", "가", "를", "와", "로"],
    ["n8n", "은", "이", "을", "과", "으로"],
    ["OpenAI", "는", "가", "를", "와", "로"],
    ["Nvidia", "는", "가", "를", "와", "로"],
    ["Oracle", "은", "이", "을", "과", "로"],
    ["ABB", "는", "가", "를", "와", "로"],
    ["Arm", "은", "이", "을", "과", "으로"],
    ["CoreWeave", "는", "가", "를", "와", "로"],
    ["Anthropic", "은", "이", "을", "과", "으로"],
    ["Samsung", "은", "이", "을", "과", "으로"],
    ["Intel", "은", "이", "을", "과", "로"],
    ["Google", "은", "이", "을", "과", "로"],
    ["월스트리트저널(WSJ)", "은", "이", "을", "과", "로"],
    ["GPT-4", "는", "가", "를", "와", "로"],
    ["B200", "은", "이", "을", "과", "으로"],
    ["H100", "은", "이", "을", "과", "으로"],
    ["Sam Altman's chip venture", "는", "가", "를", "와", "로"],
    ["Alibaba Group", "은", "이", "을", "과", "으로"],
  ];
  it.each(cases)("%s → %s %s %s %s %s", (name, eun, i, eul, gwa, euro) => {
    expect(particle(name, "은/는")).toBe(eun);
    expect(particle(name, "이/가")).toBe(i);
    expect(particle(name, "을/를")).toBe(eul);
    expect(particle(name, "과/와")).toBe(gwa);
    expect(particle(name, "으로/로")).toBe(euro);
  });

  it("withParticle writes the name and its particle together", () => {
    expect(withParticle("오라클", "으로/로")).toBe("오라클로");
    expect(withParticle("TSMC", "과/와")).toBe("TSMC와");
    expect(withParticle("n8n", "이/가")).toBe("n8n이");
  });

  it("reads names that are also keys of every object (constructor, toString) like any other word", () => {
    expect(withParticle("constructor", "은/는")).toBe("constructor는");
    expect(withParticle("toString", "이/가")).toBe("toString이");
  });

  it("writes both forms only when a name gives no clue", () => {
    expect(particle("🤖", "은/는")).toBe("은(는)");
    expect(particle("", "이/가")).toBe("이(가)");
  });

  it("every company of the sample, in both languages, gets a particle without the fallback", () => {
    const sample = JSON.parse(readFileSync(new URL("../../data/ai-deals.sample.json", import.meta.url), "utf8"));
    for (const c of sample.companies as { name: { en: string; ko: string } }[]) {
      expect(particle(c.name.ko, "은/는")).not.toContain("(");
      expect(particle(c.name.en, "은/는")).not.toContain("(");
    }
  });
});
