import { describe, expect, it } from "vitest";
import type { ExposureResult } from "../../src/analytics/types.js";
import { buildExposureSvg } from "../../src/charts/index.js";
import { escapeXml, textWidth } from "../../src/charts/text.js";

describe("escapeXml", () => {
  it.each([
    ["AT&T", "AT&amp;T"],
    ["<script>", "&lt;script&gt;"],
    [`"quoted" 'single'`, "&quot;quoted&quot; &apos;single&apos;"],
    ["엔비디아", "엔비디아"],
    ["bell\u0007char", "bellchar"],
  ])("%s → %s", (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });
});

describe("textWidth", () => {
  it("counts a Hangul syllable as about twice a Latin letter", () => {
    expect(textWidth("엔비디아", 10)).toBeCloseTo(40, 0);
    expect(textWidth("abcd", 10)).toBeLessThan(25);
  });
});

describe("company names and labels in the SVG", () => {
  const zero = { deals: 0, total_usd: 0, total_usd_max: 0, undisclosed: 0, unconverted: 0 };
  const result: ExposureResult = {
    company: "acme",
    outflows: { ...zero, deals: 1, undisclosed: 1 },
    inflows: zero,
    circular: zero,
    cycles: [],
    cycles_more: 0,
    cycles_complete: true,
    counterparties: [{ company: "evil", outflow: { ...zero, deals: 1, undisclosed: 1 }, inflow: zero }],
    counterparties_more: 0,
    concentration: null,
    max_len: 4,
    include_cancelled: false,
  };
  const info = {
    companies: [
      { id: "acme", name: { en: "Acme & Sons", ko: "애크미 & 선즈" }, aliases: [], role: "investor" },
      { id: "evil", name: { en: `<Evil "Labs">`, ko: "<이블>" }, aliases: [], role: "ai-lab" },
    ],
    deals: [
      { id: "d<1>", kind: "investment" as const, from: "acme", to: "evil", status: "announced" as const, amount: null },
    ],
    asOf: "2026-02-04",
  };

  it("escapes names and ids so the SVG stays well-formed", () => {
    const svg = buildExposureSvg(result, info, "en");
    expect(svg).toContain("Acme &amp; Sons");
    expect(svg).toContain("&lt;Evil &quot;Labs&quot;&gt;");
    expect(svg).toContain('data-deal="d&lt;1&gt;"');
    expect(svg).not.toMatch(/<Evil/);
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  });
});
