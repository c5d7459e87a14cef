import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/types.js";
import { type DealState, dirtyDealParts, planImport } from "../../src/import/plan.js";
import { DEAL_COLUMNS } from "../../src/import/statements.js";

/** The deal ids of flat row batches, in order. */
const idsOf = (batches: unknown[][]) =>
  batches.flatMap((batch) => batch.filter((_, i) => i % DEAL_COLUMNS.length === 0) as string[]);

const isInOrder = (ids: string[]) => ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id);

describe("the deal rows a file hands to be written", () => {
  it("come in parts, each part's new and stored deals in id order, every changed deal once", () => {
    // Ids written in no order, of mixed lengths, the way reported deals are named.
    const observations: Observation[] = Array.from({ length: 200 }, (_, i) => ({
      deal: `${["nvidia", "openai", "oracle", "xai", "amd-openai"][i % 5]}-${(i * 7919) % 1000}`,
      observed_on: `2025-0${1 + (i % 9)}-1${i % 10}`,
      kind: "investment",
      from: "nvidia",
      to: "openai",
      amount: null,
      status: "announced",
    }));
    const states = new Map<string, DealState>();
    planImport(observations, states, "2025-10-01T00:00:00.000Z", { canonical: true });
    // A third taken as stored before the import, so they are revised rather than added.
    let k = 0;
    for (const s of states.values()) if (k++ % 3 === 0) s.stored = true;
    const parts = [...dirtyDealParts(states, 37)];
    expect(parts.length).toBe(Math.ceil(states.size / 37));
    for (const part of parts) {
      expect(isInOrder(idsOf(part.added))).toBe(true);
      expect(isInOrder(idsOf(part.revised))).toBe(true);
    }
    const all = parts.flatMap((p) => [...idsOf(p.added), ...idsOf(p.revised)]);
    expect(all.sort()).toEqual([...states.keys()].sort());
  });
});
