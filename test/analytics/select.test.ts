import { describe, expect, it } from "vitest";
import { nthSmallest } from "../../src/analytics/select.js";

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("nthSmallest: what sorting would put at an index, without sorting", () => {
  it("agrees with a full sort at every index, with many ties, zeros and one-element lists", () => {
    const r = random(11);
    for (let trial = 0; trial < 3_000; trial++) {
      const n = 1 + Math.floor(r() * 60);
      const sizes = 1 + Math.floor(r() * 8);
      const values = Float64Array.from({ length: n }, () => (r() < 0.3 ? 0 : Math.floor(r() * sizes) * 1e6));
      const sorted = values.slice().sort();
      for (let k = 0; k < n; k++) expect(nthSmallest(values.slice(), k)).toBe(sorted[k]);
    }
  });

  it("finds the cut among 17,000 counterparties' totals as sorting them does", () => {
    const r = random(5);
    const values = Float64Array.from({ length: 17_000 }, () => Math.round(r() * 1e4) * 1e6);
    const sorted = values.slice().sort();
    for (const k of [0, 1, 8_500, 16_900, 16_999]) expect(nthSmallest(values.slice(), k)).toBe(sorted[k]);
  });
});
