import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import { type DealGraph, loadGraph } from "../../src/analytics/deal-graph.js";
import { loopsTouching } from "../../src/analytics/loops-touching.js";
import { importSample, openTestStore, type TestStore } from "../helpers/store.js";

describe("loops touched by a set of deals (sample dataset)", () => {
  let store: TestStore;
  let g: DealGraph;
  beforeAll(async () => {
    store = await openTestStore("sqlite");
    await importSample(store);
    g = await loadGraph(store);
  });
  afterAll(() => store?.close());

  const global = (ids: Set<string>) => cycles(g, { maxLen: 4 }).cycles.filter((c) => c.deals.some((d) => ids.has(d)));
  const view = (cs: { path: string[]; deals: string[]; total_usd?: number }[]) =>
    cs.map((c) => `${c.path.join(" → ")} [${c.deals.join(", ")}] ${c.total_usd}`).sort();

  it("finds, for every single deal, the same loops as filtering the whole graph's list, starting at the same company", () => {
    let withLoops = 0;
    for (let i = 0; i < g.size; i++) {
      const ids = new Set([g.ids[i] as string]);
      const expected = global(ids);
      if (expected.length > 0) withLoops++;
      expect(view(loopsTouching(g, ids, { maxLen: 4 }))).toEqual(view(expected));
    }
    expect(withLoops).toBeGreaterThan(0);
  });

  it("lists every touched loop once, heaviest first, when all deals are touched at once", () => {
    const ids = new Set(g.ids.slice(0, g.size));
    const found = loopsTouching(g, ids, { maxLen: 4 });
    expect(view(found)).toEqual(view(global(ids)));
    const weights = found.map((c) => c.total_usd ?? 0);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it("finds nothing for deals the graph does not hold", () => {
    expect(loopsTouching(g, new Set(["no-such-deal"]))).toEqual([]);
  });
});
