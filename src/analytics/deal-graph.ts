/**
 * The in-memory deal graph: current deal states in columns (typed arrays), companies interned to
 * integers, per-company out/in deal lists in compressed form (adjacency.ts, rebuilt lazily after new
 * deals arrive, patched in place for revisions), and amounts pre-converted to USD.
 * Sized for a million deals: nothing per deal is an object except the id string.
 */
import { FxTable } from "../domain/fx.js";
import {
  type Amount,
  type Company,
  DEAL_KINDS,
  DEAL_STATUSES,
  type Deal,
  type DealKind,
  type DealStatus,
  type FxRate,
  QUALIFIERS,
} from "../domain/types.js";
import type { Store } from "../store/db.js";
import { type Adjacency, buildAdjacency, patchAdjacency } from "./adjacency.js";
import { dateFromInt, dateToInt } from "./dates.js";
import { loadGraphFromStore, refreshGraphFromStore } from "./graph-load.js";
import type { DealRef } from "./types.js";

/** One deal's current state as the graph takes it in (a `Deal` without its history). */
export interface DealRecord {
  id: string;
  kind: DealKind;
  from: string | null;
  to: string;
  round?: string | null;
  amount: Amount | null;
  status: DealStatus;
  title?: { en?: string; ko?: string };
  observedOn: string;
  /** The newest source. */
  source?: { publisher: string; url?: string; date: string } | null;
}

export const KIND_CODE = new Map<string, number>(DEAL_KINDS.map((k, i) => [k, i]));
export const STATUS_CODE = new Map<string, number>(DEAL_STATUSES.map((s, i) => [s, i]));
const QUALIFIER_CODE = new Map<string, number>(QUALIFIERS.map((q, i) => [q, i]));

function grown<T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

export class DealGraph {
  /** Companies by index; deals naming an unknown id get a stub so nothing is lost. */
  readonly companies: Company[] = [];
  private readonly companyIdx = new Map<string, number>();
  /** Built on first use after deals were added or moved; patched in place for status and amount changes. */
  private adj: Adjacency | null = null;

  /** Number of deals held (cancelled ones included; analytics filter them). */
  size = 0;
  readonly ids: string[] = [];
  /** Deal id → index, built on first look-up (a bulk load does not need it). */
  private dealIdx: Map<string, number> | null = new Map();
  from = new Int32Array(16);
  to = new Int32Array(16);
  kind = new Uint8Array(16);
  status = new Uint8Array(16);
  observed = new Int32Array(16);
  /** Low end and high end (`max ?? value`) in USD; NaN when undisclosed or unconvertible. */
  usd = new Float64Array(16);
  usdMax = new Float64Array(16);
  private value = new Float64Array(16);
  private max = new Float64Array(16);
  private qualifier = new Uint8Array(16);
  private currency = new Uint16Array(16);
  private srcPublisher = new Int32Array(16);
  private srcDate = new Int32Array(16);
  private readonly currencies: string[] = [""];
  private readonly currencyIdx = new Map<string, number>([["", 0]]);
  private readonly publishers: string[] = [];
  private readonly publisherIdx = new Map<string, number>();
  private readonly srcUrl = new Map<number, string>();
  private readonly titles = new Map<number, { en?: string; ko?: string }>();
  /** Deal index → the id of the round it belongs to. */
  readonly roundOf = new Map<number, string>();

  fx: FxTable = new FxTable([]);
  private fxKey = "[]";
  /** Highest store event sequence reflected here (see `refresh`). */
  lastSeq = 0;

  static fromData(
    companies: readonly Company[],
    deals: readonly (Deal | DealRecord)[],
    fxRates: readonly FxRate[],
  ): DealGraph {
    const g = new DealGraph();
    g.setCompanies(companies);
    g.setFxRates(fxRates);
    for (const d of deals) g.setDeal(toRecord(d));
    return g;
  }

  /** Applies the deals changed in the store since `lastSeq` (and any new companies or FX rates). */
  refresh(store: Store): Promise<number> {
    return refreshGraphFromStore(this, store);
  }

  setCompanies(companies: readonly Company[]): void {
    for (const c of companies) {
      const i = this.companyIdx.get(c.id);
      if (i === undefined) this.internCompany(c.id, c);
      else this.companies[i] = c;
    }
  }

  /** Replaces the FX table; USD figures of non-USD deals are recomputed when the rates changed. */
  setFxRates(rates: readonly FxRate[]): void {
    const key = JSON.stringify(rates);
    if (key === this.fxKey) return;
    this.fxKey = key;
    this.fx = new FxTable(rates);
    for (let i = 0; i < this.size; i++) if (this.currency[i] !== this.currencyIdx.get("USD")) this.convert(i);
    this.adj = null;
  }

  companyIndex(id: string): number | undefined {
    return this.companyIdx.get(id);
  }

  get companyCount(): number {
    return this.companies.length;
  }

  dealIndex(id: string): number | undefined {
    return this.idIndex().get(id);
  }

  /** Deal indexes leaving / entering company `c` (all statuses), in `idOrder` (see adjacency.ts). */
  out(c: number): Int32Array {
    const side = this.adjacency().out;
    return side.deal.subarray(side.offsets[c] ?? 0, side.offsets[c + 1] ?? 0);
  }

  in(c: number): Int32Array {
    const side = this.adjacency().in;
    return side.deal.subarray(side.offsets[c] ?? 0, side.offsets[c + 1] ?? 0);
  }

  /** The compressed per-company deal lists (see adjacency.ts), current with every deal set so far. */
  adjacency(): Adjacency {
    this.adj ??= buildAdjacency(this.companies.length, this);
    return this.adj;
  }

  /** Inserts or replaces a deal's current state. */
  setDeal(d: DealRecord): void {
    let i = this.idIndex().get(d.id);
    const isNew = i === undefined;
    const from = d.from === null ? -1 : this.internCompany(d.from);
    const to = this.internCompany(d.to);
    if (i === undefined) {
      i = this.size++;
      if (i >= this.from.length) this.growTo(this.from.length * 2);
      this.ids.push(d.id);
      this.dealIdx?.set(d.id, i);
      this.adj = null;
    } else if (this.from[i] !== from || this.to[i] !== to) {
      this.adj = null;
    }
    this.fill(i, d, from, to, isNew);
    if (this.adj) patchAdjacency(this.adj, this, i);
  }

  /** Whether the deal states an amount at all (it may still lack an FX rate). */
  disclosed(i: number): boolean {
    return !Number.isNaN(this.value[i] ?? Number.NaN);
  }

  /** Keeps `s` as the deal's cited source when it is newer than the one held. */
  offerSource(i: number, s: { publisher: string; url?: string; date: string }): void {
    const date = dateToInt(s.date);
    const held = this.srcPublisher[i] ?? -1;
    if (held >= 0) {
      const heldDate = this.srcDate[i] ?? 0;
      if (date < heldDate || (date === heldDate && s.publisher >= (this.publishers[held] ?? ""))) return;
    }
    this.srcPublisher[i] = this.intern(this.publishers, this.publisherIdx, s.publisher);
    this.srcDate[i] = date;
    if (s.url) this.srcUrl.set(i, s.url);
    else this.srcUrl.delete(i);
  }

  /**
   * Adds a deal known not to be held yet (a bulk load from the store, ids unique): skips the id look-up.
   */
  appendDeal(d: DealRecord): void {
    const from = d.from === null ? -1 : this.internCompany(d.from);
    const to = this.internCompany(d.to);
    const i = this.size++;
    if (i >= this.from.length) this.growTo(this.from.length * 2);
    this.ids.push(d.id);
    this.dealIdx = null;
    this.adj = null;
    this.fill(i, d, from, to, true);
  }

  private idIndex(): Map<string, number> {
    if (!this.dealIdx) {
      this.dealIdx = new Map();
      for (let i = 0; i < this.size; i++) this.dealIdx.set(this.ids[i] as string, i);
    }
    return this.dealIdx;
  }

  amount(i: number): Amount | null {
    const v = this.value[i];
    if (v === undefined || Number.isNaN(v)) return null;
    const a: Amount = {
      value: v,
      currency: this.currencies[this.currency[i] ?? 0] ?? "USD",
      qualifier: QUALIFIERS[this.qualifier[i] ?? 0] ?? "exact",
    };
    const m = this.max[i];
    if (m !== undefined && !Number.isNaN(m)) a.max = m;
    return a;
  }

  observedOn(i: number): string {
    return dateFromInt(this.observed[i] ?? 0);
  }

  kindOf(i: number): DealKind {
    return DEAL_KINDS[this.kind[i] ?? 0] ?? "investment";
  }

  statusOf(i: number): DealStatus {
    return DEAL_STATUSES[this.status[i] ?? 0] ?? "reported";
  }

  companyId(c: number): string {
    return this.companies[c]?.id ?? "";
  }

  /** The publisher of the deal's latest source and that source's date (YYYYMMDD), without building a DealRef. */
  latestSource(i: number): { publisher: string; date: number } | null {
    const pub = this.srcPublisher[i] ?? -1;
    return pub < 0 ? null : { publisher: this.publishers[pub] ?? "", date: this.srcDate[i] ?? 0 };
  }

  /** The deal as analytics report it. */
  ref(i: number): DealRef {
    const from = this.from[i] ?? -1;
    const usd = this.usd[i] ?? Number.NaN;
    const usdMax = this.usdMax[i] ?? Number.NaN;
    const pub = this.srcPublisher[i] ?? -1;
    let source: DealRef["source"] = null;
    if (pub >= 0) {
      source = { publisher: this.publishers[pub] ?? "", date: dateFromInt(this.srcDate[i] ?? 0) };
      const url = this.srcUrl.get(i);
      if (url) source.url = url;
    }
    return {
      id: this.ids[i] ?? "",
      kind: this.kindOf(i),
      from: from < 0 ? null : this.companyId(from),
      to: this.companyId(this.to[i] ?? 0),
      status: this.statusOf(i),
      amount: this.amount(i),
      usd: Number.isNaN(usd) ? null : usd,
      usd_max: Number.isNaN(usdMax) ? null : usdMax,
      observed_on: this.observedOn(i),
      title: { ...(this.titles.get(i) ?? {}) },
      source,
    };
  }

  private internCompany(id: string, company?: Company): number {
    let i = this.companyIdx.get(id);
    if (i !== undefined) return i;
    i = this.companies.length;
    this.companies.push(company ?? { id, name: { en: id, ko: id }, aliases: [], role: "unknown" });
    this.companyIdx.set(id, i);
    this.adj = null;
    return i;
  }

  private intern(list: string[], index: Map<string, number>, value: string): number {
    let i = index.get(value);
    if (i === undefined) {
      i = list.length;
      list.push(value);
      index.set(value, i);
    }
    return i;
  }

  private fill(i: number, d: DealRecord, from: number, to: number, isNew: boolean): void {
    this.from[i] = from;
    this.to[i] = to;
    this.kind[i] = KIND_CODE.get(d.kind) ?? 0;
    this.status[i] = STATUS_CODE.get(d.status) ?? 0;
    this.observed[i] = dateToInt(d.observedOn);
    const a = d.amount;
    this.value[i] = a ? a.value : Number.NaN;
    this.max[i] = a?.max ?? Number.NaN;
    this.qualifier[i] = a ? (QUALIFIER_CODE.get(a.qualifier) ?? 0) : 0;
    this.currency[i] = a ? this.intern(this.currencies, this.currencyIdx, a.currency.toUpperCase()) : 0;
    this.convert(i);
    // (the sparse maps cannot hold a new deal yet: skip the deletes on the bulk-load path)
    if (d.round) this.roundOf.set(i, d.round);
    else if (!isNew) this.roundOf.delete(i);
    if (d.title && (d.title.en || d.title.ko)) this.titles.set(i, d.title);
    else if (!isNew) this.titles.delete(i);
    const s = d.source;
    this.srcPublisher[i] = s ? this.intern(this.publishers, this.publisherIdx, s.publisher) : -1;
    this.srcDate[i] = s ? dateToInt(s.date) : 0;
    if (s?.url) this.srcUrl.set(i, s.url);
    else if (!isNew) this.srcUrl.delete(i);
  }

  private convert(i: number): void {
    const v = this.value[i] ?? Number.NaN;
    if (Number.isNaN(v)) {
      this.usd[i] = Number.NaN;
      this.usdMax[i] = Number.NaN;
      return;
    }
    const cur = this.currencies[this.currency[i] ?? 0] ?? "USD";
    const m = this.max[i] ?? Number.NaN;
    if (cur === "USD") {
      this.usd[i] = v;
      this.usdMax[i] = Number.isNaN(m) ? v : m;
      return;
    }
    const on = this.observedOn(i);
    const low = this.fx.toUsd(v, cur, on);
    const high = Number.isNaN(m) ? low : this.fx.toUsd(m, cur, on);
    this.usd[i] = low ?? Number.NaN;
    this.usdMax[i] = high ?? Number.NaN;
  }

  private growTo(n: number): void {
    this.from = grown(this.from, n);
    this.to = grown(this.to, n);
    this.kind = grown(this.kind, n);
    this.status = grown(this.status, n);
    this.observed = grown(this.observed, n);
    this.usd = grown(this.usd, n);
    this.usdMax = grown(this.usdMax, n);
    this.value = grown(this.value, n);
    this.max = grown(this.max, n);
    this.qualifier = grown(this.qualifier, n);
    this.currency = grown(this.currency, n);
    this.srcPublisher = grown(this.srcPublisher, n);
    this.srcDate = grown(this.srcDate, n);
  }
}

/** A store `Deal` as the graph takes it (newest source only). */
export function toRecord(d: Deal | DealRecord): DealRecord {
  if (!("sources" in d)) return d;
  const s = d.sources[0];
  return {
    id: d.id,
    kind: d.kind,
    from: d.from,
    to: d.to,
    round: d.round ?? null,
    amount: d.amount,
    status: d.status,
    title: d.title,
    observedOn: d.observedOn,
    source: s ? { publisher: s.publisher, date: s.date, ...(s.url ? { url: s.url } : {}) } : null,
  };
}

/** Loads the whole graph from the store (SQLite streams rows; nothing per deal is kept as an object). */
export function loadGraph(store: Store): Promise<DealGraph> {
  return loadGraphFromStore(new DealGraph(), store);
}
