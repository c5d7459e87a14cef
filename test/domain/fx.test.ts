import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FxTable, fxRatesFromPairs } from "../../src/domain/fx.js";

const sample = JSON.parse(readFileSync(new URL("../../data/ai-deals.sample.json", import.meta.url), "utf8"));
const table = new FxTable(fxRatesFromPairs(sample.fx));

describe("FxTable applies the SPEC §1 rate rule on the sample's USD/KRW rates", () => {
  it.each([
    ["2025-09-22", 1390],
    ["2025-12-31", 1390],
    ["2026-02-04", 1450],
    ["2026-03-01", 1450],
    ["2024-01-01", 1390], // before any rate: the earliest one
    ["2026-02-04T23:00:00Z", 1450],
  ])("on %s uses %d won per dollar", (on, rate) => {
    expect(table.rate("KRW", on)).toBe(rate);
  });

  it("converts won to dollars and back", () => {
    expect(table.toUsd(1.45e14, "KRW", "2026-02-04")).toBe(1e11);
    expect(table.usdTo(1e11, "krw", "2026-02-04")).toBe(1.45e14);
  });

  it("treats USD as itself and a currency with no rate as unknown", () => {
    expect(table.toUsd(5, "USD", "2020-01-01")).toBe(5);
    expect(table.toUsd(5, "EUR", "2026-01-01")).toBeNull();
    expect(table.usdTo(5, "JPY", "2026-01-01")).toBeNull();
  });

  it("reads only USD/XXX pairs from the sample format", () => {
    expect(
      fxRatesFromPairs([
        { on: "2026-01-01", pair: "EUR/KRW", rate: 1500 },
        { on: "2026-01-01", pair: "USD/JPY", rate: 150 },
      ]),
    ).toEqual([{ currency: "JPY", on: "2026-01-01", rate: 150 }]);
  });
});
