import type { FxRate } from "./types.js";

/** An FX entry as the `dealgraph/v1` sample writes it: `{ on, pair: "USD/KRW", rate }`. */
export interface FxPairEntry {
  on: string;
  pair: string;
  rate: number;
}

/** Turns sample-style `USD/XXX` entries into FxRate rows; entries of other shapes are skipped. */
export function fxRatesFromPairs(entries: FxPairEntry[]): FxRate[] {
  const rates: FxRate[] = [];
  for (const e of entries) {
    const m = /^USD\/([A-Z]{3})$/.exec(e.pair.trim().toUpperCase());
    if (m?.[1] && Number.isFinite(e.rate) && e.rate > 0) rates.push({ currency: m[1], on: e.on, rate: e.rate });
  }
  return rates;
}

/**
 * FX rates as units of a currency per US dollar. Lookup rule (SPEC §1): the latest rate on or before
 * the date, else the earliest stored rate for that currency; no rate at all → null.
 */
export class FxTable {
  private readonly byCurrency = new Map<string, FxRate[]>();

  constructor(rates: readonly FxRate[]) {
    for (const r of rates) {
      if (!(Number.isFinite(r.rate) && r.rate > 0)) continue;
      const cur = r.currency.toUpperCase();
      const list = this.byCurrency.get(cur) ?? [];
      list.push({ currency: cur, on: r.on.slice(0, 10), rate: r.rate });
      this.byCurrency.set(cur, list);
    }
    for (const list of this.byCurrency.values()) list.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  }

  /** Currencies with at least one rate (USD is always convertible). */
  currencies(): string[] {
    return [...this.byCurrency.keys()];
  }

  /** Units of `currency` per USD valid on `on` (YYYY-MM-DD or ISO timestamp); USD is 1. */
  rate(currency: string, on: string): number | null {
    const cur = currency.toUpperCase();
    if (cur === "USD") return 1;
    const list = this.byCurrency.get(cur);
    if (!list || list.length === 0) return null;
    const day = on.slice(0, 10);
    let found: FxRate | undefined;
    for (const r of list) {
      if (r.on <= day) found = r;
      else break;
    }
    return (found ?? list[0])?.rate ?? null;
  }

  /** `value` of `currency` in USD on `on`, or null when the currency has no rate. */
  toUsd(value: number, currency: string, on: string): number | null {
    const r = this.rate(currency, on);
    return r === null ? null : value / r;
  }

  /** A USD figure in `currency` on `on`, or null when the currency has no rate. */
  usdTo(usd: number, currency: string, on: string): number | null {
    const r = this.rate(currency, on);
    return r === null ? null : usd * r;
  }
}
