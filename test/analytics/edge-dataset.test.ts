/**
 * The edge dataset (test/fixtures/edge-deals.json), fictional companies:
 *   FX USD/KRW 1,250 from 2025-01-01, 1,400 from 2025-07-01.
 *   dana → bora   KRW 280B (2025-08-10)        = 280e9 / 1,400 = $200M
 *   fig  → bora   KRW 125B (2024-12-01)        = 125e9 / 1,250 = $100M (before the first rate: earliest rate)
 *   round B → bora $300M; participations dana $250M + alpha KRW 140B (2025-09-01) = 140e9 / 1,400 = $100M
 *                  → the round counts at max($300M, $250M + $100M) = $350M
 *   hana → bora   undisclosed;   hana → gaon JPY 3B, no JPY rate (unconverted)
 *   bora → cheon $120M, cheon → gaon $500M, gaon → eum $20M, eum → alpha $40M, eum → fig $10M, fig → dana $5M
 *   gaon → cheon $50M loan, cancelled (would close cheon ↔ gaon)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import { type DealGraph, loadGraph } from "../../src/analytics/deal-graph.js";
import { exposure } from "../../src/analytics/exposure.js";
import { funding } from "../../src/analytics/funding.js";
import { applyImport, parseImportFile } from "../../src/import/index.js";
import type { Store } from "../../src/store/db.js";
import { dialects, openTestStore, type TestStore } from "../helpers/store.js";

const M = 1e6;
const EDGE = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/edge-deals.json");
const loop = (path: string[]) => path.join(" → ");

async function importFile(store: Store, path: string): Promise<void> {
  const parsed = await parseImportFile(path, { store });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  await applyImport(store, parsed.data);
}

describe.each(dialects())("analytics on the edge dataset (%s)", (dialect) => {
  let store: TestStore;
  let g: DealGraph;
  const dir = mkdtempSync(join(tmpdir(), "dealgraph-edge-"));
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await importFile(store, EDGE);
    // An older report of the Cheon–Gaon deal arrives after the newer one: it must not win.
    const late = join(dir, "late.json");
    writeFileSync(
      late,
      JSON.stringify({
        format: "dealgraph/v1",
        companies: [],
        fx: [],
        deals: [
          {
            deal: "cheon-gaon-gpus",
            observed_on: "2025-06-01",
            kind: "purchase",
            from: "cheon-cloud",
            to: "gaon-semi",
            amount: { value: 800000000, currency: "USD", qualifier: "up_to" },
            status: "announced",
            source: { publisher: "Korea Herald", lang: "en" },
          },
        ],
      }),
    );
    await importFile(store, late);
    g = await loadGraph(store);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("funding(bora) converts KRW at the rate of the observation date and counts the round at its participations", () => {
    const f = funding(g, "bora-ai");
    // $200M (dana, KRW) + $100M (fig, KRW at the earliest rate) + $350M (round B) = $650M; hana undisclosed
    expect(f.total_usd).toBeCloseTo(650 * M, 0);
    expect(f.total_usd_max).toBeCloseTo(650 * M, 0);
    expect(f.deals).toBe(4);
    expect(f.undisclosed).toBe(1);
    const round = f.items.find((i) => i.id === "bora-round-b");
    expect(round?.counted_usd).toBeCloseTo(350 * M, 0);
    expect(round?.participations?.map((p) => p.id).sort()).toEqual(["alpha-bora-round-b", "dana-bora-round-b"]);
    // investors: dana $200M + $250M = $450M over 2 deals; alpha $100M; fig $100M; nothing left over for "undisclosed"
    expect(f.by_investor["dana-capital"]?.total_usd).toBeCloseTo(450 * M, 0);
    expect(f.by_investor["dana-capital"]?.deals).toBe(2);
    expect(f.by_investor["alpha-chips"]?.total_usd).toBeCloseTo(100 * M, 0);
    expect(f.by_investor["fig-fund"]?.total_usd).toBeCloseTo(100 * M, 0);
    expect(f.by_investor.undisclosed).toBeUndefined();
    expect(f.by_investor["hana-ventures"]).toMatchObject({ deals: 1, undisclosed: 1 });
  });

  it("an amount in a currency with no stored rate is counted as unconverted, not as zero", () => {
    const f = funding(g, "gaon-semi");
    expect(f).toMatchObject({ deals: 1, total_usd: 0, undisclosed: 0, unconverted: 1 });
  });

  it("a late-arriving older observation does not overwrite the current state", () => {
    const e = exposure(g, "cheon-cloud");
    const gaon = e.counterparties.find((p) => p.company === "gaon-semi");
    expect(gaon?.outflow.total_usd).toBe(500 * M); // not the older "up to $800M"
    expect(e.outflows.total_usd).toBe(500 * M);
  });

  it.each([
    { maxLen: 4, includeCancelled: false, loops: [] },
    { maxLen: 4, includeCancelled: true, loops: ["cheon-cloud → gaon-semi"] },
    {
      maxLen: 5,
      includeCancelled: false,
      // alpha→bora 100 + bora→cheon 120 + cheon→gaon 500 + gaon→eum 20 + eum→alpha 40 = $780M
      // bora→cheon 120 + 500 + 20 + eum→fig 10 + fig→bora 100 = $750M
      loops: [
        "alpha-chips → bora-ai → cheon-cloud → gaon-semi → eum-labs",
        "bora-ai → cheon-cloud → gaon-semi → eum-labs → fig-fund",
      ],
    },
    {
      maxLen: 6,
      includeCancelled: false,
      // the 6-loop: 120 + 500 + 20 + 10 + fig→dana 5 + dana→bora max(200, 250) = $905M, so it ranks first
      loops: [
        "bora-ai → cheon-cloud → gaon-semi → eum-labs → fig-fund → dana-capital",
        "alpha-chips → bora-ai → cheon-cloud → gaon-semi → eum-labs",
        "bora-ai → cheon-cloud → gaon-semi → eum-labs → fig-fund",
      ],
    },
  ])(
    "with max_len $maxLen and include_cancelled $includeCancelled the loops are $loops",
    ({ maxLen, includeCancelled, loops }) => {
      const c = cycles(g, { maxLen, includeCancelled });
      expect(c.cycles.map((x) => loop(x.path))).toEqual(loops);
      expect(c.more).toBe(0);
    },
  );

  it("a hop with two deals between the same companies is one loop, led by the larger deal", () => {
    const six = cycles(g, { maxLen: 6 }).cycles[0];
    expect(six?.total_usd).toBeCloseTo(905 * M, 0);
    expect(six?.deals[5]).toBe("dana-bora-round-b"); // $250M beats the KRW 280B = $200M investment
    expect(six?.parallel?.[5]).toEqual(["dana-bora-krw", "dana-bora-round-b"]);
  });

  it.each([
    { maxLen: 4, loops: 0, circular: 0 },
    { maxLen: 5, loops: 2, circular: 50 * M }, // eum → alpha $40M and eum → fig $10M both lead back
    { maxLen: 6, loops: 3, circular: 50 * M },
  ])("exposure(eum) with max_len $maxLen: $loops loops, circular $circular", ({ maxLen, loops, circular }) => {
    const e = exposure(g, "eum-labs", { maxLen });
    expect(e.cycles).toHaveLength(loops);
    expect(e.circular.total_usd).toBe(circular);
    expect(e.outflows.total_usd).toBe(50 * M);
    expect(e.inflows.total_usd).toBe(20 * M);
  });

  it("exposure(bora): concentration is Dana's $450M of $650M known inflow", () => {
    const e = exposure(g, "bora-ai");
    expect(e.inflows.total_usd).toBeCloseTo(650 * M, 0);
    expect(e.inflows.undisclosed).toBe(1);
    expect(e.concentration?.company).toBe("dana-capital");
    expect(e.concentration?.share).toBeCloseTo(450 / 650, 6);
  });
});
