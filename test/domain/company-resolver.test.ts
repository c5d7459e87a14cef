import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompanyResolver } from "../../src/domain/company-resolver.js";
import type { Company } from "../../src/domain/types.js";

const sample = JSON.parse(readFileSync(new URL("../../data/ai-deals.sample.json", import.meta.url), "utf8"));
const resolver = new CompanyResolver(sample.companies as Company[]);
const idOf = (text: string) => {
  const r = resolver.resolve(text);
  return r.ok ? r.company.id : null;
};

describe("company names resolve through ids, names and aliases in either language", () => {
  it.each([
    ["엔비디아", "nvidia"],
    ["NVDA", "nvidia"],
    ["nvidia", "nvidia"],
    ["  NVIDIA  ", "nvidia"],
    ["Nvidia Corp.", "nvidia"],
    ["Open AI", "openai"],
    ["오픈AI", "openai"],
    ["오픈 ai", "openai"],
    ["ＯｐｅｎＡＩ", "openai"],
    ["X.AI", "xai"],
    ["xai", "xai"],
    ["엑스AI", "xai"],
    ["소프트뱅크 그룹", "softbank"],
    ["core-weave", "coreweave"],
    ["대만 TSMC", "tsmc"],
    ["altman-chip-venture", "altman-chip-venture"],
    ["MS", "microsoft"],
  ])("%s → %s", (text, id) => {
    expect(idOf(text)).toBe(id);
  });
});

describe("an unknown name answers with the closest matches", () => {
  it.each([
    ["엔비디어", "nvidia"],
    ["Nvida", "nvidia"],
    ["Orcale", "oracle"],
    ["Broadcomm", "broadcom"],
    ["Cerebra", "cerebras"],
    ["오라", "oracle"],
    ["Micro", "microsoft"],
  ])("%s → did you mean %s", (text, id) => {
    const r = resolver.resolve(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.suggestions.length).toBeLessThanOrEqual(3);
      expect(r.suggestions[0]?.id).toBe(id);
    }
  });

  it("a name like nothing known gets no false suggestions", () => {
    expect(resolver.resolve("zzqqxx")).toEqual({ ok: false, suggestions: [] });
    expect(resolver.resolve("")).toEqual({ ok: false, suggestions: [] });
  });
});

describe("autocomplete and display names", () => {
  it("search matches prefixes in both languages", () => {
    expect(resolver.search("엔비", 5)[0]?.id).toBe("nvidia");
    expect(resolver.search("ora", 5)[0]?.id).toBe("oracle");
    expect(resolver.search("소프트", 5).map((c) => c.id)).toContain("softbank");
    expect(resolver.search("", 25)).toHaveLength(15);
    expect(resolver.search("a", 3)).toHaveLength(3);
  });

  it("name gives the company's name in the language, the id for an unknown id", () => {
    expect(resolver.name("nvidia", "ko")).toBe("엔비디아");
    expect(resolver.name("nvidia", "en")).toBe("Nvidia");
    expect(resolver.name("nobody", "ko")).toBe("nobody");
  });
});
