import { describe, expect, it } from "vitest";
import { idHash, idOrder } from "../../src/analytics/adjacency.js";

describe("the order of a company's deal lists", () => {
  it("is fixed by the deals' ids alone, also for ids that share a hash", () => {
    // Two pairs of ids with the same 32-bit hash, among others.
    const shared = [
      ["deal-309876", "deal-1122490"],
      ["deal-309877", "deal-1122491"],
    ];
    for (const [a, b] of shared) expect(idHash(a as string)).toBe(idHash(b as string));
    const ids = [...shared.flat(), ...Array.from({ length: 1_000 }, (_, i) => `deal-${i}`)];
    const ordered = (list: string[]) => Array.from(idOrder(list, list.length), (i) => list[i]);
    const forward = ordered(ids);
    expect(ordered([...ids].reverse())).toEqual(forward);
    expect(new Set(forward).size).toBe(ids.length);
    // Ids that share a hash come in id order.
    expect(forward.indexOf("deal-1122490")).toBeLessThan(forward.indexOf("deal-309876"));
  });

  it("covers only the first `size` deals", () => {
    const order = idOrder(["a", "b", "c", "d"], 3);
    expect([...order].sort()).toEqual([0, 1, 2]);
  });
});
