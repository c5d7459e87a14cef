import { describe, expect, it } from "vitest";
import { DealGraph, exposure } from "../../src/analytics/index.js";
import { chartInfoFromGraph } from "../../src/charts/chart-info.js";
import { MAX_PER_PAIR, MAX_RING } from "../../src/charts/chart-parts.js";
import { planExposure } from "../../src/charts/index.js";
import { orderRing } from "../../src/charts/layout.js";
import type { Company } from "../../src/domain/types.js";

function ringDistance(order: string[], a: string, b: string): number {
  const d = Math.abs(order.indexOf(a) - order.indexOf(b));
  return Math.min(d, order.length - d);
}

describe("orderRing", () => {
  it.each([
    [["a", "b", "c", "d", "e", "f"], [["a", "d"]] as [string, string][]],
    [
      ["a", "b", "c", "d", "e", "f"],
      [
        ["b", "e"],
        ["c", "f"],
      ] as [string, string][],
    ],
    [
      ["a", "b", "c", "d", "e", "f", "g", "h"],
      [
        ["a", "e"],
        ["e", "c"],
        ["g", "b"],
      ] as [string, string][],
    ],
  ])("puts linked companies next to each other (%j with links %j)", (ids, links) => {
    const order = orderRing(ids, links);
    expect([...order].sort()).toEqual([...ids].sort());
    for (const [a, b] of links) expect(ringDistance(order, a, b)).toBe(1);
  });

  it("keeps the given order when nothing is linked", () => {
    expect(orderRing(["x", "y", "z", "w"], [])).toEqual(["x", "y", "z", "w"]);
  });
});

describe("a hub with more counterparties than fit", () => {
  const companies: Company[] = [{ id: "hub", name: { en: "Hub", ko: "허브" }, aliases: [], role: "chipmaker" }];
  const deals = [];
  for (let i = 0; i < 30; i++) {
    companies.push({ id: `c${i}`, name: { en: `Company ${i}`, ko: `회사${i}` }, aliases: [], role: "cloud" });
    for (let k = 0; k < 3; k++) {
      deals.push({
        id: `p${i}-${k}`,
        kind: "purchase" as const,
        from: `c${i}`,
        to: "hub",
        amount: { value: (i + 1) * 1e9 + k, currency: "USD", qualifier: "exact" as const },
        status: "signed" as const,
        observedOn: "2026-01-01",
      });
    }
  }
  deals.push({
    id: "back",
    kind: "investment" as const,
    from: "hub",
    to: "c0",
    amount: null,
    status: "signed" as const,
    observedOn: "2026-01-02",
  });
  const graph = DealGraph.fromData(companies, deals, []);
  const result = exposure(graph, "hub");
  const plan = planExposure(result, chartInfoFromGraph(graph, { company: "hub", cycles: result.cycles }), "en");

  it("draws at most MAX_RING companies around it, the one on a loop among them", () => {
    expect(plan.nodes).toHaveLength(MAX_RING + 1);
    expect(plan.nodes.map((n) => n.id)).toContain("c0");
  });

  it("draws at most MAX_PER_PAIR deals per pair, keeping both directions of the loop", () => {
    const toC0 = plan.edges.filter((e) => e.from === "c0" || e.to === "c0").map((e) => e.dealId);
    expect(toC0.length).toBeLessThanOrEqual(MAX_PER_PAIR);
    expect(toC0).toContain("back");
  });

  it("says how many deals were not drawn", () => {
    const drawn = plan.edges.length;
    expect(plan.notes).toEqual([
      `Not drawn: ${deals.length - drawn} deals (with ${30 - MAX_RING} more counterparties); counted in the totals`,
    ]);
  });
});
