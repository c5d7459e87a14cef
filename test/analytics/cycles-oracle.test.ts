/**
 * The loop search counts a hub's loops without listing them; here it is checked against the plainest
 * possible enumeration (depth-first search over company sequences) on small random graphs.
 */
import { describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import { DealGraph, type DealRecord } from "../../src/analytics/deal-graph.js";
import { exposure } from "../../src/analytics/exposure.js";
import { compileFilter } from "../../src/analytics/filter.js";
import { loopFirstHops } from "../../src/analytics/loop-reach.js";
import type { Company } from "../../src/domain/types.js";
import { random } from "../helpers/random.js";

function randomGraph(
  seed: number,
  nodes: number,
  edges: number,
): { g: DealGraph; adj: Map<string, Map<string, number>>; companies: Company[]; deals: DealRecord[] } {
  const rnd = random(seed);
  const ids = Array.from({ length: nodes }, (_, i) => `c${String(i).padStart(2, "0")}`);
  const deals: DealRecord[] = [];
  const adj = new Map<string, Map<string, number>>();
  for (let k = 0; k < edges; k++) {
    const from = ids[Math.floor(rnd() * nodes)] as string;
    const to = ids[Math.floor(rnd() * nodes)] as string;
    const usd = rnd() < 0.2 ? null : Math.floor(rnd() * 100) * 1e6;
    const cancelled = rnd() < 0.1;
    deals.push({
      id: `d${k}`,
      kind: "purchase",
      from,
      to,
      status: cancelled ? "cancelled" : "signed",
      observedOn: "2025-01-01",
      amount: usd === null ? null : { value: usd, currency: "USD", qualifier: "exact" },
    });
    if (cancelled || from === to) continue;
    const m = adj.get(from) ?? new Map<string, number>();
    m.set(to, Math.max(m.get(to) ?? 0, usd ?? 0));
    adj.set(from, m);
  }
  const companies: Company[] = ids.map((id) => ({ id, name: { en: id, ko: id }, aliases: [], role: "test" }));
  return { g: DealGraph.fromData(companies, deals, []), adj, companies, deals };
}

/** Every simple loop of up to maxLen companies, as "a b c" keyed to its weight, each once (smallest id first). */
function bruteForce(adj: Map<string, Map<string, number>>, maxLen: number): Map<string, number> {
  const found = new Map<string, number>();
  const walk = (path: string[], weight: number) => {
    const start = path[0] as string;
    const last = path[path.length - 1] as string;
    for (const [next, w] of adj.get(last) ?? []) {
      if (next === start && path.length >= 2) found.set(path.join(" "), weight + w);
      else if (next > start && !path.includes(next) && path.length < maxLen) walk([...path, next], weight + w);
    }
  };
  for (const start of [...adj.keys()].sort()) walk([start], 0);
  return found;
}

describe("loop search against brute force", () => {
  it.each([
    { seed: 1, nodes: 8, edges: 30 },
    { seed: 2, nodes: 10, edges: 45 },
    { seed: 3, nodes: 12, edges: 60 },
    { seed: 4, nodes: 6, edges: 40 },
  ])("random graph $seed ($nodes companies, $edges deals): same loops at every max_len", ({ seed, nodes, edges }) => {
    const { g, adj } = randomGraph(seed, nodes, edges);
    for (let maxLen = 2; maxLen <= 6; maxLen++) {
      const expected = bruteForce(adj, maxLen);
      const all = cycles(g, { maxLen, limit: 100_000 });
      expect(all.cycles.length + all.more).toBe(expected.size);
      const got = new Map(all.cycles.map((c) => [c.path.join(" "), c.total_usd]));
      expect(got).toEqual(expected);
      // Top 5 only: the same count, and the 5 heaviest weights.
      const top = cycles(g, { maxLen, limit: 5 });
      expect(top.cycles.length + top.more).toBe(expected.size);
      const heaviest = [...expected.values()].sort((a, b) => b - a).slice(0, 5);
      expect(top.cycles.map((c) => c.total_usd)).toEqual(heaviest);
      // Through one company: the loops containing it.
      const through = cycles(g, { maxLen, limit: 3, company: "c01" });
      const containing = [...expected].filter(([k]) => k.split(" ").includes("c01"));
      expect(through.cycles.length + through.more).toBe(containing.length);
      const heaviestThrough = containing
        .map(([, w]) => w)
        .sort((a, b) => b - a)
        .slice(0, 3);
      expect(through.cycles.map((c) => c.total_usd)).toEqual(heaviestThrough);
    }
  });

  it.each([
    { seed: 5, nodes: 8, edges: 40 },
    { seed: 6, nodes: 10, edges: 50 },
    { seed: 7, nodes: 7, edges: 45 },
    { seed: 8, nodes: 12, edges: 20 },
    { seed: 9, nodes: 14, edges: 24 },
  ])("random graph $seed: every company's loops and circular exposure match brute force", ({ seed, nodes, edges }) => {
    const { g, adj } = randomGraph(seed, nodes, edges);
    for (let maxLen = 2; maxLen <= 6; maxLen++) {
      const expected = [...bruteForce(adj, maxLen)];
      for (let n = 0; n < nodes; n++) {
        const id = `c${String(n).padStart(2, "0")}`;
        const mine = expected.filter(([k]) => k.split(" ").includes(id));
        const through = cycles(g, { maxLen, limit: 4, company: id });
        expect(through.cycles.length + through.more).toBe(mine.length);
        expect(through.cycles.map((c) => c.total_usd)).toEqual(
          mine
            .map(([, w]) => w)
            .sort((a, b) => b - a)
            .slice(0, 4),
        );
        for (const c of through.cycles) {
          expect(c.path[0]).toBe(id);
          expect(new Set(c.path).size).toBe(c.path.length);
        }
        // Circular: the deals out of the company whose counterparty is its next stop on some loop.
        const nextStops = new Set(
          mine.map(([k]) => {
            const path = k.split(" ");
            return path[(path.indexOf(id) + 1) % path.length] as string;
          }),
        );
        const ex = exposure(g, id, { maxLen });
        const outgoing = g.out(g.companyIndex(id) as number);
        const circular = [...outgoing].filter(
          (i) => g.statusOf(i) !== "cancelled" && nextStops.has(g.companyId(g.to[i] as number)),
        );
        expect(ex.circular.deals).toBe(circular.length);
        // The first hops found without walking the loops (used past four companies) are the same.
        const hops = loopFirstHops(g, g.companyIndex(id) as number, compileFilter(g, { maxLen }));
        const hopIds = Array.from({ length: g.companyCount }, (_, h) => h).filter((h) => hops.has(h));
        expect(new Set(hopIds.map((h) => g.companyId(h)))).toEqual(nextStops);
      }
    }
  });

  it("answers stay right over hundreds of queries on one graph, as its search's marks wrap round", () => {
    const { g, adj } = randomGraph(6, 10, 50);
    const expected = [...bruteForce(adj, 4)];
    const ids = Array.from({ length: 10 }, (_, n) => `c${String(n).padStart(2, "0")}`);
    const loopsOf = (id: string) => expected.filter(([k]) => k.split(" ").includes(id)).map(([, w]) => w);
    // Every company is on some loop, so a query whose marks went wrong cannot pass for one that found none.
    for (const id of ids) expect(loopsOf(id).length).toBeGreaterThan(0);
    // Each query takes a new mark; 30 rounds of 20 queries pass the 255 a byte holds twice over.
    for (let round = 0; round < 30; round++)
      for (const id of ids) {
        const through = cycles(g, { maxLen: 4, limit: 3, company: id });
        const mine = loopsOf(id);
        expect(through.cycles.length + through.more).toBe(mine.length);
        expect(through.cycles.map((c) => c.total_usd)).toEqual(mine.sort((a, b) => b - a).slice(0, 3));
        const ex = exposure(g, id, { maxLen: 4 });
        expect(ex.cycles.length + ex.cycles_more).toBe(mine.length);
      }
  });

  it("a walk cut short by its work limit lists only real loops and counts no more than exist", () => {
    const { g, adj } = randomGraph(3, 12, 60);
    const expected = bruteForce(adj, 6);
    const rotations = (path: string[]) => path.map((_, k) => [...path.slice(k), ...path.slice(0, k)].join(" "));
    let previous = 0;
    for (const budget of [0, 20, 200, 2_000, 20_000, Number.POSITIVE_INFINITY]) {
      const r = cycles(g, { maxLen: 6, limit: 1_000, budget });
      const found = r.cycles.length + r.more;
      expect(r.complete).toBe(found === expected.size);
      expect(found).toBeLessThanOrEqual(expected.size);
      expect(found).toBeGreaterThanOrEqual(previous);
      previous = found;
      for (const c of r.cycles) {
        const key = rotations(c.path).find((k) => expected.has(k));
        expect(key, c.path.join(" ")).toBeDefined();
        expect(c.total_usd).toBe(expected.get(key as string));
      }
    }
    expect(previous).toBe(expected.size);
  });

  it("a walk cut short by its work limit finds the same loops whatever order the deals were stored in", () => {
    const { g, companies, deals } = randomGraph(3, 12, 60);
    const reversed = DealGraph.fromData(companies, [...deals].reverse(), []);
    const rnd = random(7);
    const shuffled = DealGraph.fromData(
      companies,
      deals
        .map((d) => ({ d, k: rnd() }))
        .sort((a, b) => a.k - b.k)
        .map(({ d }) => d),
      [],
    );
    for (const budget of [20, 100, 400]) {
      const cut = cycles(g, { maxLen: 6, limit: 10, budget });
      expect(cut.complete).toBe(false);
      expect(cycles(reversed, { maxLen: 6, limit: 10, budget })).toEqual(cut);
      expect(cycles(shuffled, { maxLen: 6, limit: 10, budget })).toEqual(cut);
      const through = cycles(g, { company: "c04", maxLen: 6, limit: 10, budget });
      expect(cycles(reversed, { company: "c04", maxLen: 6, limit: 10, budget })).toEqual(through);
    }
  });

  it("exposure's loop walk cut short by its work limit still counts circular exposure in full", () => {
    const { g, adj } = randomGraph(3, 12, 60);
    const expected = bruteForce(adj, 6);
    for (const id of ["c01", "c04", "c07"]) {
      const mine = [...expected.keys()].filter((k) => k.split(" ").includes(id)).length;
      const full = exposure(g, id, { maxLen: 6, budget: Number.POSITIVE_INFINITY });
      expect(full.cycles_complete).toBe(true);
      expect(full.cycles.length + full.cycles_more).toBe(mine);
      const cut = exposure(g, id, { maxLen: 6, budget: 50 });
      expect(cut.cycles_complete).toBe(false);
      expect(cut.cycles.length + cut.cycles_more).toBeLessThan(mine);
      expect(cut.circular).toEqual(full.circular);
      expect(cut.circular.deals).toBeGreaterThan(0);
    }
    // Up to four companies the loops are always counted in full, whatever the limit.
    const short = exposure(g, "c01", { maxLen: 4, budget: 0 });
    expect(short.cycles_complete).toBe(true);
    expect(short.cycles.length + short.cycles_more).toBe(
      [...bruteForce(adj, 4).keys()].filter((k) => k.split(" ").includes("c01")).length,
    );
  });

  it("a whole-graph walk starts from the companies moving the most money, so a cut-short list keeps their loops", () => {
    // Seven small companies, first in the graph's order, dealing with one another all round (hundreds of
    // loops), then a hub whose one loop carries far more money.
    const small = Array.from({ length: 7 }, (_, i) => `s${i}`);
    const deals: DealRecord[] = [];
    const deal = (from: string, to: string, usd: number) =>
      deals.push({
        id: `d${deals.length}`,
        kind: "purchase",
        from,
        to,
        status: "signed",
        observedOn: "2025-01-01",
        amount: { value: usd, currency: "USD", qualifier: "exact" },
      });
    for (const a of small) for (const b of small) if (a !== b) deal(a, b, 1e6);
    deal("hub", "x", 50e9);
    deal("x", "hub", 40e9);
    const ids = [...small, "hub", "x"];
    const companies: Company[] = ids.map((id) => ({ id, name: { en: id, ko: id }, aliases: [], role: "test" }));
    const g = DealGraph.fromData(companies, deals, []);
    const all = cycles(g, { maxLen: 6, limit: 3 });
    expect(all.complete).toBe(true);
    const cut = cycles(g, { maxLen: 6, limit: 3, budget: 100 });
    expect(cut.complete).toBe(false);
    expect(cut.cycles.length + cut.more).toBeLessThan(all.cycles.length + all.more);
    expect(cut.cycles[0]?.path).toEqual(["hub", "x"]);
    expect(cut.cycles[0]?.total_usd).toBe(90e9);
  });
});
