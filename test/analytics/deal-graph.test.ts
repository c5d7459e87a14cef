import { describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import { DealGraph, type DealRecord, loadGraph } from "../../src/analytics/deal-graph.js";
import { exposure } from "../../src/analytics/exposure.js";
import { funding } from "../../src/analytics/funding.js";
import type { Company } from "../../src/domain/types.js";
import { applyImport, parseImportText } from "../../src/import/index.js";
import { upsertFxRates } from "../../src/store/fx-repository.js";
import { importSample, openTestStore } from "../helpers/store.js";

const M = 1e6;
const company = (id: string): Company => ({ id, name: { en: id, ko: id }, aliases: [], role: "test" });
const deal = (id: string, from: string, to: string, usd: number | null): DealRecord => ({
  id,
  kind: "purchase",
  from,
  to,
  amount: usd === null ? null : { value: usd, currency: "USD", qualifier: "exact" },
  status: "signed",
  observedOn: "2025-01-01",
});

describe("loops of a hub", () => {
  // hub → a1..a5 ($1M..$5M), every a_i → b_j (undisclosed), b1..b4 → hub ($10M..$40M):
  // 5 × 4 = 20 three-company loops, hub → a_i → b_j → hub, worth i + 10·j million.
  const ids = ["hub", "a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4"];
  const deals: DealRecord[] = [];
  for (let i = 1; i <= 5; i++) deals.push(deal(`h-a${i}`, "hub", `a${i}`, i * M));
  for (let i = 1; i <= 5; i++) for (let j = 1; j <= 4; j++) deals.push(deal(`a${i}-b${j}`, `a${i}`, `b${j}`, null));
  for (let j = 1; j <= 4; j++) deals.push(deal(`b${j}-h`, `b${j}`, "hub", j * 10 * M));
  const g = DealGraph.fromData(ids.map(company), deals, []);

  it("lists the top N by amount and counts the rest in `more`", () => {
    const c = cycles(g, { company: "hub", limit: 3 });
    // best: a5,b4 = 5 + 40 = $45M; a4,b4 = $44M; a3,b4 = $43M
    expect(c.cycles.map((x) => x.path.join(" "))).toEqual(["hub a5 b4", "hub a4 b4", "hub a3 b4"]);
    expect(c.cycles.map((x) => x.total_usd)).toEqual([45 * M, 44 * M, 43 * M]);
    expect(c.more).toBe(17);
  });

  it("counts the same 20 loops globally, and none longer exist at max_len 6", () => {
    expect(cycles(g, { limit: 0 }).more).toBe(20);
    expect(cycles(g, { limit: 0, maxLen: 6 }).more).toBe(20);
  });

  it("exposure lists the top loops and counts every first hop as circular", () => {
    const e = exposure(g, "hub", { limit: 2 });
    expect(e.cycles).toHaveLength(2);
    expect(e.cycles_more).toBe(18);
    expect(e.circular.total_usd).toBe(15 * M); // 1 + 2 + 3 + 4 + 5
  });

  it("exposure lists the largest counterparties first and counts the rest", () => {
    // nine counterparties: b4 $40M in, b3 $30M, b2 $20M, b1 $10M, then a5..a1 $5M..$1M out
    const e = exposure(g, "hub", { counterpartyLimit: 3 });
    expect(e.counterparties.map((p) => p.company)).toEqual(["b4", "b3", "b2"]);
    expect(e.counterparties_more).toBe(6);
    expect(e.concentration).toEqual({ company: "b4", share: 40 / 100 }); // of $100M known inflow
  });
});

describe("a hub with many counterparties", () => {
  // 400 counterparties, amounts from 40 sizes so many tie at the cut; some with two deals, some undisclosed.
  const ids = ["hub", ...Array.from({ length: 400 }, (_, i) => `p${String(i).padStart(3, "0")}`)];
  const deals: DealRecord[] = [];
  for (let i = 1; i < ids.length; i++) {
    const p = ids[i] as string;
    const usd = i % 9 === 0 ? null : ((i * 37) % 40) * M;
    deals.push(i % 2 === 0 ? deal(`out-${p}`, "hub", p, usd) : deal(`in-${p}`, p, "hub", usd));
    if (i % 5 === 0) deals.push(deal(`more-${p}`, p, "hub", null));
  }
  const g = DealGraph.fromData(ids.map(company), deals, []);

  it("lists the largest first, ties by more deals and then by id, exactly as sorting them all would", () => {
    const all = exposure(g, "hub", { counterpartyLimit: 1_000 }).counterparties;
    expect(all).toHaveLength(400);
    const size = (p: (typeof all)[number]) => p.inflow.total_usd + p.outflow.total_usd;
    const deals = (p: (typeof all)[number]) => p.inflow.deals + p.outflow.deals;
    const expected = [...all]
      .sort((a, b) => size(b) - size(a) || deals(b) - deals(a) || (a.company < b.company ? -1 : 1))
      .map((p) => p.company);
    for (let limit = 1; limit < 400; limit++)
      expect(exposure(g, "hub", { counterpartyLimit: limit }).counterparties.map((p) => p.company)).toEqual(
        expected.slice(0, limit),
      );
  });
});

describe("simple loops only", () => {
  // hub → a → hub, a → b → a, b → hub: through hub, hub→a→hub and hub→a→b→hub;
  // hub→a→b→a→hub repeats a and is not a loop. Globally a ↔ b is a third loop.
  const g = DealGraph.fromData(
    ["hub", "a", "b"].map(company),
    [
      deal("ha", "hub", "a", 1),
      deal("ah", "a", "hub", 1),
      deal("ab", "a", "b", 1),
      deal("ba", "b", "a", 1),
      deal("bh", "b", "hub", 1),
    ],
    [],
  );
  it("never repeats a company inside a loop", () => {
    expect(
      cycles(g, { company: "hub" })
        .cycles.map((c) => c.path.join(" "))
        .sort(),
    ).toEqual(["hub a", "hub a b"]);
    expect(cycles(g).cycles).toHaveLength(3);
  });
});

describe("refresh", () => {
  it("applies deals imported after the graph was loaded, including a status change", async () => {
    const store = await openTestStore("sqlite");
    try {
      await importSample(store);
      const g = await loadGraph(store);
      expect(cycles(g).cycles).toHaveLength(5);
      // Oracle's chip purchase is called off and a new Broadcom → OpenAI warrant closes a loop.
      const text = [
        '{"type":"deal","deal":"oracle-nvidia-chips","observed_on":"2026-03-01","kind":"purchase","from":"oracle","to":"nvidia","amount":null,"status":"cancelled","source":{"publisher":"Reuters"}}',
        '{"type":"deal","deal":"broadcom-openai-warrant","observed_on":"2026-03-02","kind":"warrant","from":"broadcom","to":"openai","amount":{"value":1000000000,"currency":"USD","qualifier":"exact"},"status":"announced","source":{"publisher":"Reuters"}}',
      ].join("\n");
      const parsed = await parseImportText("update.ndjson", text, { store });
      if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
      await applyImport(store, parsed.data);
      expect(await g.refresh(store)).toBe(2);
      const paths = cycles(g).cycles.map((c) => c.path.join(" → "));
      expect(paths).not.toContain("nvidia → openai → oracle");
      expect(paths).toContain("broadcom → openai");
      expect(funding(g, "openai").total_usd).toBe(120e9);
      expect(await g.refresh(store)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it("keeps the graph as it is when nothing changed, and takes new FX rates written without any deal event", async () => {
    const store = await openTestStore("sqlite");
    try {
      await importSample(store);
      const g = await loadGraph(store);
      const fx = g.fx;
      expect(await g.refresh(store)).toBe(0);
      expect(g.fx).toBe(fx); // the same table, not rebuilt
      expect(g.fx.toUsd(1450e9, "KRW", "2026-03-01")).toBe(1e9);
      await upsertFxRates(store.db, [{ currency: "KRW", on: "2026-03-01", rate: 1500 }]);
      expect(await g.refresh(store)).toBe(0);
      expect(g.fx.toUsd(1500e9, "KRW", "2026-03-02")).toBe(1e9);
    } finally {
      await store.close();
    }
  });
});
