import { beforeAll, describe, expect, it } from "vitest";
import { exposure } from "../../src/analytics/exposure.js";
import type { DealGraph } from "../../src/analytics/index.js";
import { overlapArea } from "../../src/charts/geometry.js";
import { buildExposureSvg, chartInfoFromGraph, planExposure } from "../../src/charts/index.js";
import type { ChartPlan } from "../../src/charts/types.js";
import { sampleExposure, sampleGraph } from "./sample-graph.js";

let graph: DealGraph;
beforeAll(() => {
  graph = sampleGraph();
});

function dealIdsOf(svg: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<g data-deal="([^"]+)" class="${cls}`, "g"))].map((m) => m[1] as string);
}

describe("exposure chart of Nvidia on the sample data", () => {
  it("draws Nvidia and each company it deals with once, and one arrow per deal", () => {
    const { result, info } = sampleExposure(graph, "nvidia");
    const svg = buildExposureSvg(result, info, "en");
    const companies = [...svg.matchAll(/class="node" data-company="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(companies).toEqual(["coreweave", "nvidia", "openai", "oracle", "xai"]);
    // 8 deals touch Nvidia (cancelled Arm deal left out) plus OpenAI → Oracle, which closes a loop.
    const arrows = dealIdsOf(svg, "edge");
    expect(new Set(arrows).size).toBe(arrows.length);
    expect(arrows.sort()).toEqual(
      [
        "coreweave-nvidia-gpus",
        "nvidia-coreweave-stake",
        "nvidia-openai-10gw",
        "nvidia-xai-2b",
        "openai-nvidia-systems",
        "openai-oracle-cloud",
        "oracle-nvidia-chips",
        "xai-nvidia-processors",
      ].sort(),
    );
    expect(svg).not.toContain("nvidia-arm-acquisition");
  });

  it("highlights every deal on a loop through Nvidia", () => {
    const { result, info } = sampleExposure(graph, "nvidia");
    const svg = buildExposureSvg(result, info, "en");
    const loopDeals = new Set(result.cycles.flatMap((c) => c.deals));
    expect(new Set(dealIdsOf(svg, "edge loop"))).toEqual(loopDeals);
    expect(svg).toContain("Circular loop");
  });

  it.each([
    [
      "ko",
      ["200억 달러", "최대 20억 달러", "금액 비공개", "3,000억 달러", "투자", "구매"],
      "엔비디아 자금 흐름과 순환 고리",
    ],
    [
      "en",
      ["$20B", "up to $2B", "undisclosed", "$300B", "investment", "purchase"],
      "Nvidia: money flows and circular loops",
    ],
  ] as const)("labels arrows in %s money style and kind words", (lang, words, title) => {
    const { result, info } = sampleExposure(graph, "nvidia");
    const svg = buildExposureSvg(result, info, lang);
    for (const w of words) expect(svg).toContain(`>${w}<`);
    expect(svg).toContain(title);
  });

  it("states the circular exposure in the subtitle and the data date and cancelled rule in the footnote", () => {
    const { result, info } = sampleExposure(graph, "nvidia");
    const ko = buildExposureSvg(result, info, "ko");
    expect(ko).toContain("순환 고리 4개");
    expect(ko).toContain("순환 노출 220억 달러(비공개 1건 별도)");
    expect(ko).toContain("2026년 2월 4일 기준");
    expect(ko).toContain("무산된 거래 제외");
    const en = buildExposureSvg(result, info, "en");
    expect(en).toContain("circular exposure $22B (+1 undisclosed)");
    expect(en).toContain("Data as of Feb 4, 2026");
    expect(en).toContain("Cancelled deals left out");
  });

  it("a loop walk stopped at its work limit gives its count as a lower bound, with circular exposure in full", () => {
    const result = exposure(graph, "nvidia", { maxLen: 6, limit: 1, budget: 40 });
    expect(result.cycles_complete).toBe(false);
    const info = chartInfoFromGraph(graph, { company: "nvidia", cycles: result.cycles });
    const loops = result.cycles.length + result.cycles_more;
    const ko = buildExposureSvg(result, info, "ko");
    expect(ko).toContain(`순환 고리 ${loops}개 이상 · 순환 노출 220억 달러(비공개 1건 별도)`);
    const en = buildExposureSvg(result, info, "en");
    expect(en).toContain(`at least ${loops} circular loops · circular exposure $22B (+1 undisclosed)`);
    // Nothing found within the limit: the exact circular exposure is still stated.
    const none = exposure(graph, "nvidia", { maxLen: 6, budget: 0 });
    expect(none.cycles).toHaveLength(0);
    expect(buildExposureSvg(none, info, "en")).toContain(
      "no circular loops found within the search limit · circular exposure $22B",
    );
    expect(buildExposureSvg(none, info, "ko")).toContain("탐색 한도 안에서 찾은 순환 고리 없음 · 순환 노출 220억 달러");
  });

  it("with cancelled deals included, shows the called-off Arm deal greyed and dashed and says so", () => {
    const { result, info } = sampleExposure(graph, "nvidia", true);
    const svg = buildExposureSvg(result, info, "en");
    expect(dealIdsOf(svg, "edge")).toContain("nvidia-arm-acquisition");
    expect(svg).toContain(">acquisition · called off<");
    expect(svg).toContain("Cancelled deals included");
  });
});

describe("exposure chart of OpenAI", () => {
  it("draws the round with undisclosed investors as coming from an 'undisclosed investors' box", () => {
    const { result, info } = sampleExposure(graph, "openai");
    const svg = buildExposureSvg(result, info, "ko");
    expect(svg).toContain(">비공개 투자자<");
    expect(svg).toContain(">최대 1,000억 달러<");
    expect(svg).toContain(">투자 유치<");
  });
});

function labelOverlaps(plan: ChartPlan): string[] {
  const problems: string[] = [];
  const labels = plan.edges.map((e) => ({ id: e.dealId, box: e.label.box }));
  labels.forEach((a, i) => {
    for (const b of labels.slice(i + 1)) if (overlapArea(a.box, b.box) > 0) problems.push(`${a.id} × ${b.id}`);
    for (const n of plan.nodes) if (overlapArea(a.box, n.box) > 0) problems.push(`${a.id} × node ${n.id}`);
    const inside = a.box.x >= 0 && a.box.y >= 0 && a.box.x + a.box.w <= plan.width && a.box.y + a.box.h <= plan.height;
    if (!inside) problems.push(`${a.id} outside`);
  });
  plan.nodes.forEach((a, i) => {
    for (const b of plan.nodes.slice(i + 1))
      if (overlapArea(a.box, b.box) > 0) problems.push(`node ${a.id} × node ${b.id}`);
  });
  return problems;
}

describe("exposure chart layout", () => {
  it.each([
    ["nvidia", "ko"],
    ["nvidia", "en"],
    ["openai", "ko"],
    ["openai", "en"],
  ] as const)("%s (%s): no label overlaps another label or a company, none leaves the picture", (company, lang) => {
    const { result, info } = sampleExposure(graph, company);
    expect(labelOverlaps(planExposure(result, info, lang))).toEqual([]);
  });

  it("draws A→B and B→A as two separate arcs", () => {
    const { result, info } = sampleExposure(graph, "nvidia");
    const plan = planExposure(result, info, "en");
    const there = plan.edges.find((e) => e.dealId === "nvidia-openai-10gw");
    const back = plan.edges.find((e) => e.dealId === "openai-nvidia-systems");
    expect(there && back).toBeTruthy();
    const gap = Math.hypot(
      (there?.curve.c.x ?? 0) - (back?.curve.c.x ?? 0),
      (there?.curve.c.y ?? 0) - (back?.curve.c.y ?? 0),
    );
    expect(gap).toBeGreaterThan(40);
  });

  it("is deterministic: the same input gives the same SVG", () => {
    const { result, info } = sampleExposure(graph, "openai");
    expect(buildExposureSvg(result, info, "en")).toBe(buildExposureSvg(result, info, "en"));
  });
});
