/**
 * exposure's money flows, checked against the plainest reading of SPEC §3 on small random graphs: every
 * deal that passes the filter, summed per counterparty straight from the deal list. The graph keeps its own
 * per-company lists and sums (adjacency.ts); here they must give the same figures, also after deals are
 * revised in place and after the FX rates change.
 */
import { describe, expect, it } from "vitest";
import { DealGraph, type DealRecord } from "../../src/analytics/deal-graph.js";
import { exposure } from "../../src/analytics/exposure.js";
import { addToTotals, emptyTotals } from "../../src/analytics/totals.js";
import type { AnalyticsOptions, Totals } from "../../src/analytics/types.js";
import type { Amount, Company, DealStatus, FxRate } from "../../src/domain/types.js";
import { random } from "../helpers/random.js";

const STATUSES: DealStatus[] = ["rumored", "reported", "announced", "signed", "completed", "stalled", "cancelled"];
const DATES = ["2024-03-01", "2024-11-15", "2025-06-30", "2025-12-01"];

/** USD, a USD range, KRW (which has a rate), JPY (which has none), or undisclosed. */
function randomAmount(rnd: () => number): Amount | null {
  const r = rnd();
  const value = (1 + Math.floor(rnd() * 90)) * 1e7;
  if (r < 0.2) return null;
  if (r < 0.55) return { value, currency: "USD", qualifier: "exact" };
  if (r < 0.7) return { value, currency: "USD", qualifier: "range", max: value * 3 };
  if (r < 0.9) return { value: value * 1000, currency: "KRW", qualifier: "exact" };
  return { value, currency: "JPY", qualifier: "exact" };
}

function randomDeals(rnd: () => number, ids: string[], n: number, hub: string): DealRecord[] {
  const deals: DealRecord[] = [];
  for (let k = 0; k < n; k++) {
    // A third of the deals touch the hub, so it has many counterparties, some with several deals each way.
    const touchesHub = rnd() < 0.35;
    const a = ids[Math.floor(rnd() * ids.length)] as string;
    let b = ids[Math.floor(rnd() * ids.length)] as string;
    if (b === a) b = ids[(ids.indexOf(a) + 1) % ids.length] as string;
    const [from, to] = touchesHub ? (rnd() < 0.5 ? [hub, a] : [a, hub]) : [a, b];
    deals.push({
      id: `d${k}`,
      kind: rnd() < 0.5 ? "investment" : "purchase",
      from: from === to ? null : from,
      to,
      status: STATUSES[Math.floor(rnd() * STATUSES.length)] as DealStatus,
      observedOn: DATES[Math.floor(rnd() * DATES.length)] as string,
      amount: randomAmount(rnd),
    });
  }
  return deals;
}

/** A deal's amount in USD at `krwRate` won a dollar: [low, high], or null when it has none or cannot be converted. */
function usdOf(a: Amount | null, krwRate: number): [number, number] | null {
  if (!a) return null;
  const per = a.currency === "USD" ? 1 : a.currency === "KRW" ? krwRate : null;
  if (per === null) return null;
  return [a.value / per, (a.max ?? a.value) / per];
}

/** Outflows, inflows and each counterparty's flows, summed deal by deal. */
function plainFlows(deals: DealRecord[], hub: string, opts: AnalyticsOptions, krwRate: number) {
  const passes = (d: DealRecord) =>
    (opts.includeCancelled || d.status !== "cancelled") &&
    (!opts.statuses || opts.statuses.includes(d.status)) &&
    (!opts.since || d.observedOn >= opts.since);
  const outflows = emptyTotals();
  const inflows = emptyTotals();
  const parties = new Map<string, { outflow: Totals; inflow: Totals }>();
  const party = (id: string) => {
    let p = parties.get(id);
    if (!p) {
      p = { outflow: emptyTotals(), inflow: emptyTotals() };
      parties.set(id, p);
    }
    return p;
  };
  for (const d of deals) {
    if (!passes(d)) continue;
    const usd = usdOf(d.amount, krwRate);
    const add = (t: Totals) => addToTotals(t, usd?.[0] ?? Number.NaN, usd?.[1] ?? Number.NaN, d.amount !== null);
    if (d.from === hub) {
      add(outflows);
      add(party(d.to).outflow);
    }
    if (d.to === hub) {
      add(inflows);
      if (d.from !== null) add(party(d.from).inflow);
    }
  }
  return { outflows, inflows, parties };
}

/** Totals to the dollar: sums taken in another order differ in their last bits. */
const toDollar = (t: Totals): Totals => ({
  ...t,
  total_usd: Math.round(t.total_usd),
  total_usd_max: Math.round(t.total_usd_max),
});

type Flows = ReturnType<typeof plainFlows>;

/** Flows to the dollar, counterparties by id. */
function comparable(f: Flows) {
  return {
    outflows: toDollar(f.outflows),
    inflows: toDollar(f.inflows),
    parties: [...f.parties]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, p]) => ({ id, outflow: toDollar(p.outflow), inflow: toDollar(p.inflow) })),
  };
}

/** exposure's answer in the shape of plainFlows', every counterparty listed. */
function answered(g: DealGraph, hub: string, opts: AnalyticsOptions) {
  const e = exposure(g, hub, { ...opts, counterpartyLimit: 10_000 });
  expect(e.counterparties_more).toBe(0);
  const parties = new Map(e.counterparties.map((p) => [p.company, { outflow: p.outflow, inflow: p.inflow }]));
  return comparable({ outflows: e.outflows, inflows: e.inflows, parties });
}

const plain = (deals: DealRecord[], hub: string, opts: AnalyticsOptions, krwRate: number) =>
  comparable(plainFlows(deals, hub, opts, krwRate));

const FILTERS: AnalyticsOptions[] = [
  {},
  { includeCancelled: true },
  { since: "2025-01-01" },
  { statuses: ["signed", "completed"] },
  { since: "2024-11-15", includeCancelled: true },
];

describe("exposure's flows against a plain sum of the deal list", () => {
  const companies: Company[] = Array.from({ length: 40 }, (_, i) => ({
    id: `c${String(i).padStart(2, "0")}`,
    name: { en: `C${i}`, ko: `기업${i}` },
    aliases: [],
    role: "test",
  }));
  const ids = companies.map((c) => c.id);
  const hub = "c00";
  const krw = (rate: number): FxRate[] => [{ currency: "KRW", on: "2020-01-01", rate }];

  for (const seed of [1, 7, 42]) {
    it(`graph ${seed}: outflows, inflows and every counterparty's, under each filter`, () => {
      const deals = randomDeals(random(seed), ids, 400, hub);
      const g = DealGraph.fromData(companies, deals, krw(1400));
      for (const opts of FILTERS) expect(answered(g, hub, opts)).toEqual(plain(deals, hub, opts, 1400));
    });
  }

  it("a deal revised into a round takes in the participations into it, as in a graph built afresh", () => {
    const into = (id: string, from: string, kind: DealRecord["kind"], round?: string): DealRecord => ({
      id,
      kind,
      from,
      to: hub,
      round: round ?? null,
      status: "signed",
      observedOn: "2025-06-30",
      amount: { value: 5e8, currency: "USD", qualifier: "exact" },
    });
    const deals = [into("r1", "c01", "investment"), into("p1", "c02", "investment", "r1")];
    const g = DealGraph.fromData(companies, deals, []);
    expect(exposure(g, hub).inflows).toMatchObject({ deals: 2, total_usd: 1e9 });
    const round = { ...into("r1", "c01", "funding_round") };
    g.setDeal(round);
    const fresh = DealGraph.fromData(companies, [round, deals[1] as DealRecord], []);
    // The participation now counts inside its round: one deal, at the larger of the round and its parts.
    expect(exposure(g, hub).inflows).toMatchObject({ deals: 1, total_usd: 5e8 });
    expect(answered(g, hub, {})).toEqual(answered(fresh, hub, {}));
  });

  it("deals revised in place and a new FX rate are counted at their new amounts", () => {
    const rnd = random(99);
    const deals = randomDeals(rnd, ids, 300, hub);
    const g = DealGraph.fromData(companies, deals, krw(1400));
    exposure(g, hub); // the company lists are built now, and from here on patched
    for (let k = 0; k < deals.length; k += 3) {
      const d = deals[k] as DealRecord;
      const revised: DealRecord = {
        ...d,
        amount: randomAmount(rnd),
        status: STATUSES[Math.floor(rnd() * STATUSES.length)] as DealStatus,
      };
      deals[k] = revised;
      g.setDeal(revised);
    }
    for (const opts of FILTERS) expect(answered(g, hub, opts)).toEqual(plain(deals, hub, opts, 1400));
    g.setFxRates(krw(1250));
    for (const opts of FILTERS) expect(answered(g, hub, opts)).toEqual(plain(deals, hub, opts, 1250));
  });
});
