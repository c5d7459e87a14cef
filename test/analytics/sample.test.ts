import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import { type DealGraph, loadGraph } from "../../src/analytics/deal-graph.js";
import { exposure } from "../../src/analytics/exposure.js";
import { funding } from "../../src/analytics/funding.js";
import { dialects, importSample, openTestStore, type TestStore } from "../helpers/store.js";

const B = 1e9;
const loop = (path: string[]) => path.join(" → ");

describe.each(dialects())("analytics on the sample dataset (%s)", (dialect) => {
  let store: TestStore;
  let g: DealGraph;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await importSample(store);
    g = await loadGraph(store);
  });
  afterAll(() => store?.close());

  it("funding(openai) sums the current states: $20B (Nvidia, revised) + up to $100B (2026 round) = $120B, 2 undisclosed", () => {
    const f = funding(g, "openai");
    expect(f.total_usd).toBe(120 * B);
    expect(f.total_usd_max).toBe(120 * B);
    expect(f.undisclosed).toBe(2); // Microsoft 2023 and SoftBank 2025, no amounts
    expect(f.deals).toBe(4);
    expect(f.by_investor.nvidia?.total_usd).toBe(20 * B);
    expect(f.by_investor.undisclosed?.total_usd).toBe(100 * B); // the round names no investor
    expect(f.by_investor.microsoft).toMatchObject({ deals: 1, undisclosed: 1, total_usd: 0 });
    expect(f.by_status.completed).toMatchObject({ deals: 2, undisclosed: 2 });
    expect(f.by_status.reported?.total_usd).toBe(120 * B);
  });

  it("funding(xai) counts Nvidia's $2B participation inside the ~$20B round, not on top of it", () => {
    const f = funding(g, "xai");
    expect(f.deals).toBe(1);
    expect(f.total_usd).toBe(20 * B); // max($20B round, $2B participations)
    expect(f.by_investor.nvidia?.total_usd).toBe(2 * B);
    expect(f.by_investor.undisclosed?.total_usd).toBe(18 * B); // the rest of the round
    expect(f.items[0]?.participations?.map((p) => p.id)).toEqual(["nvidia-xai-2b"]);
  });

  it("finds the 5 loops of current deals, largest first", () => {
    const c = cycles(g);
    expect(c.cycles.map((x) => loop(x.path))).toEqual([
      "nvidia → openai → oracle", // $20B + $300B + undisclosed
      "nvidia → openai", // $20B + undisclosed
      "amd → openai", // warrant (undisclosed) + $10B–$100B purchase
      "nvidia → xai",
      "coreweave → nvidia",
    ]);
    expect(c.more).toBe(0);
    expect(c.cycles[0]?.deals).toEqual(["nvidia-openai-10gw", "openai-oracle-cloud", "oracle-nvidia-chips"]);
    expect(c.cycles[0]?.total_usd).toBe(320 * B);
  });

  it("with cancelled deals the collapsed Arm deal (nvidia → softbank) closes 2 more loops: 7", () => {
    const c = cycles(g, { includeCancelled: true });
    expect(c.cycles).toHaveLength(7);
    expect(c.cycles.map((x) => loop(x.path))).toContain("nvidia → softbank → openai");
    expect(c.cycles.map((x) => loop(x.path))).toContain("nvidia → softbank → openai → oracle");
    expect(c.include_cancelled).toBe(true);
  });

  it("max_len 2 keeps only the two-company loops", () => {
    expect(cycles(g, { maxLen: 2 }).cycles).toHaveLength(4);
  });

  it("exposure(nvidia): 4 loops, circular $22B ($20B OpenAI + $2B xAI) with CoreWeave undisclosed", () => {
    const e = exposure(g, "nvidia");
    expect(e.cycles).toHaveLength(4);
    expect(e.cycles.every((c) => c.path[0] === "nvidia")).toBe(true);
    expect(e.circular).toMatchObject({ deals: 3, total_usd: 22 * B, undisclosed: 1 });
    expect(e.outflows).toMatchObject({ deals: 3, total_usd: 22 * B, undisclosed: 1 }); // the Arm deal is cancelled
    expect(e.inflows).toMatchObject({ deals: 4, total_usd: 0, undisclosed: 4 });
    expect(e.concentration).toBeNull(); // no known inflow amount
    expect(e.counterparties.map((p) => p.company)).toEqual(["openai", "xai", "coreweave", "oracle"]);
  });

  it("exposure(nvidia) with cancelled deals adds the $40B Arm deal to outflows and its two loops", () => {
    const e = exposure(g, "nvidia", { includeCancelled: true });
    expect(e.outflows.total_usd).toBe(62 * B);
    expect(e.cycles).toHaveLength(6);
    expect(e.circular.total_usd).toBe(62 * B); // SoftBank → OpenAI → Nvidia makes it circular too
  });

  it("since filters on the date of the current state", () => {
    // Only the Nvidia revision (2026-02-04) and the 2026 round (2025-12-18) were observed since December
    const f = funding(g, "openai", { since: "2025-12-01" });
    expect(f.deals).toBe(2);
    expect(f.total_usd).toBe(120 * B);
    expect(f.counted.since).toBe("2025-12-01");
  });

  it("an unknown company id has nothing, not an error", () => {
    expect(funding(g, "nobody").deals).toBe(0);
    expect(exposure(g, "nobody").cycles).toEqual([]);
  });
});
