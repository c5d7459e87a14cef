import { beforeAll, describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import type { DealGraph } from "../../src/analytics/index.js";
import { overlapArea } from "../../src/charts/geometry.js";
import { buildCyclesSvg, chartInfoFromGraph, planCycles } from "../../src/charts/index.js";
import { sampleCycles, sampleGraph } from "./sample-graph.js";

let graph: DealGraph;
beforeAll(() => {
  graph = sampleGraph();
});

const dealIds = (svg: string, cls: string): string[] =>
  [...svg.matchAll(new RegExp(`<g data-deal="([^"]+)" class="${cls}`, "g"))].map((m) => m[1] as string);
const companies = (svg: string): string[] =>
  [...svg.matchAll(/class="node" data-company="([^"]+)"/g)].map((m) => m[1] as string).sort();

describe("cycles chart of the sample data", () => {
  it("draws the six companies on the five loops once each, and each loop deal as one highlighted arrow", () => {
    const { result, info } = sampleCycles(graph);
    expect(result.cycles).toHaveLength(5);
    const svg = buildCyclesSvg(result, info, "en");
    expect(companies(svg)).toEqual(["amd", "coreweave", "nvidia", "openai", "oracle", "xai"]);
    const loopDeals = new Set(result.cycles.flatMap((c) => [...c.deals, ...(c.parallel?.flat() ?? [])]));
    const arrows = dealIds(svg, "edge loop");
    expect(arrows).toHaveLength(loopDeals.size);
    expect(new Set(arrows)).toEqual(loopDeals);
  });

  it("puts Nvidia, on four of the five loops, in the middle", () => {
    const { result, info } = sampleCycles(graph);
    const plan = planCycles(result, info, "ko");
    expect(plan.nodes.filter((n) => n.focus).map((n) => n.id)).toEqual(["nvidia"]);
  });

  it.each([
    ["ko", "AI 업계 순환 거래 고리", "순환 고리 5개", "엔비디아 → 오픈AI → 오라클 → 엔비디아", "순환 고리"],
    ["en", "Circular AI deals", "5 loops", "Nvidia → OpenAI → Oracle → Nvidia", "Circular loop"],
  ] as const)(
    "in %s: title, count, each loop listed with names, and a legend",
    (lang, title, countText, loop, legend) => {
      const { result, info } = sampleCycles(graph);
      const svg = buildCyclesSvg(result, info, lang);
      expect(svg).toContain(title);
      expect(svg).toContain(countText);
      expect(svg).toContain(loop);
      expect(svg).toContain(`>${legend}<`);
    },
  );

  it("lists a loop's money as disclosed sum plus the number of undisclosed deals", () => {
    const { result, info } = sampleCycles(graph);
    const ko = buildCyclesSvg(result, info, "ko");
    expect(ko).toContain("엔비디아 → 오픈AI → 오라클 → 엔비디아  ·  공개 금액 3,200억 달러, 비공개 1건");
    expect(ko).toContain("엔비디아 → 코어위브 → 엔비디아  ·  금액 모두 비공개");
  });

  it("through one company: only its loops, that company in the middle, named in the title", () => {
    const { result, info } = sampleCycles(graph, { company: "openai" });
    const plan = planCycles(result, info, "en", { company: "openai" });
    expect(plan.title).toBe("Circular deals through OpenAI");
    expect(plan.nodes.find((n) => n.focus)?.id).toBe("openai");
    expect(plan.nodes.map((n) => n.id).sort()).toEqual(["amd", "nvidia", "openai", "oracle"]);
  });

  it("with cancelled deals, the Nvidia–SoftBank loops appear and the footnote says cancelled deals are included", () => {
    const { result, info } = sampleCycles(graph, { includeCancelled: true });
    expect(result.cycles).toHaveLength(7);
    const svg = buildCyclesSvg(result, info, "ko");
    expect(companies(svg)).toContain("softbank");
    expect(svg).toContain("무산된 거래 포함");
  });

  it.each(["ko", "en"] as const)("(%s) no label overlaps another label or a company", (lang) => {
    const { result, info } = sampleCycles(graph);
    const plan = planCycles(result, info, lang);
    const boxes = plan.edges.map((e) => e.label.box);
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) expect(overlapArea(a, b)).toBe(0);
      for (const n of plan.nodes) expect(overlapArea(a, n.box)).toBe(0);
    });
  });

  it("with no loops, says so instead of drawing an empty ring", () => {
    const svg = buildCyclesSvg(
      { cycles: [], more: 0, complete: true, max_len: 4, include_cancelled: false },
      { companies: [], deals: [], asOf: "2026-02-04" },
      "en",
    );
    expect(svg).toContain("No circular loops found.");
    expect(svg).not.toContain('class="node"');
  });

  it("a search stopped at its work limit gives its counts as lower bounds and never claims there are no loops", () => {
    const cut = cycles(graph, { maxLen: 6, limit: 2, budget: 40 });
    expect(cut.complete).toBe(false);
    const info = chartInfoFromGraph(graph, { cycles: cut.cycles });
    const n = cut.cycles.length + cut.more;
    const ko = buildCyclesSvg(cut, info, "ko");
    expect(ko).toContain(`순환 고리 ${n}개 이상`);
    const en = buildCyclesSvg(cut, info, "en");
    expect(en).toContain(`at least ${n} loops`);
    const none = buildCyclesSvg(cycles(graph, { budget: 0 }), { companies: [], deals: [], asOf: "2026-02-04" }, "en");
    expect(none).toContain("No loops found within the search&apos;s work limit.");
    expect(none).not.toContain("No circular loops found.");
  });
});
