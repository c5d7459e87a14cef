/**
 * Matching events against subscriptions: the company on either side of the deal, the amount over
 * the threshold (in USD, the larger of old and new for a revision), the wanted kinds; plus the graph
 * alerts: `loops` (the event's deal closes or extends a loop through the company) and `exposure`
 * (the company's exposure to one counterparty crosses the subscription's threshold).
 */
import { cycles } from "../analytics/cycles.js";
import type { DealGraph } from "../analytics/deal-graph.js";
import type { Cycle } from "../analytics/types.js";
import type { Amount, Deal, DealEvent, DealStatus } from "../domain/types.js";
import type { AlertKind } from "../store/subscription-repository.js";
import type { IndexedSubscription, SubscriptionIndex } from "./subscription-index.js";

export interface AlertMatch {
  sub: IndexedSubscription;
  event: DealEvent;
  /** The subscription kinds this event satisfied. */
  kinds: AlertKind[];
  /** A loop through the company that this event closed. */
  loop?: Cycle;
  /** The exposure threshold this event made the company cross. */
  exposure?: { counterparty: string; usd: number; threshold: number };
  /** Post in the deal's thread but show it in the channel too. */
  broadcast: boolean;
}

const NEWS_KINDS = new Set<string>(["deal_added", "amount_changed", "status_changed"]);
const MATERIAL_CHANGE = 0.2;

const isAmount = (v: unknown): v is Amount =>
  typeof v === "object" && v !== null && typeof (v as Amount).value === "number" && typeof (v as Amount).currency === "string";

/** Matches a batch of events (ascending seq). The graph must already reflect them. */
export class AlertMatcher {
  private readonly loopCache = new Map<string, Cycle[]>();
  private readonly exposureRuns = new Map<string, Map<number, { before: number; after: number }>>();

  constructor(
    private readonly graph: DealGraph,
    private readonly index: SubscriptionIndex,
  ) {}

  /** All matches of the batch, in event order. */
  matchAll(events: DealEvent[]): AlertMatch[] {
    if (!this.index.hasAny()) return [];
    this.prepareExposure(events);
    const out: AlertMatch[] = [];
    for (const e of events) this.match(e, out);
    return out;
  }

  private match(e: DealEvent, out: AlertMatch[]): void {
    if (!NEWS_KINDS.has(e.type)) return;
    const i = this.graph.dealIndex(e.dealId);
    const parties = this.parties(e, i);
    if (parties.length === 0) return;
    const usd = this.eventUsd(e, i);
    const broadcast = this.material(e);
    for (const company of parties) {
      const subs = this.index.forCompany(company);
      if (subs.length === 0) continue;
      let loops: Cycle[] | undefined;
      for (const sub of subs) {
        const kinds: AlertKind[] = [];
        const m: AlertMatch = { sub, event: e, kinds, broadcast };
        if (sub.kinds.includes(e.type as AlertKind) && (sub.minUsd === null || (usd !== null && usd >= sub.minUsd))) {
          kinds.push(e.type as AlertKind);
        }
        if (sub.kinds.includes("loops") && this.mayCloseLoop(e)) {
          loops ??= this.loopsWith(company, e.dealId);
          if (loops[0]) {
            kinds.push("loops");
            m.loop = loops[0];
          }
        }
        if (sub.exposureUsd !== null && sub.kinds.includes("exposure")) {
          const crossed = this.exposureCrossed(company, e, i, sub.exposureUsd);
          if (crossed) {
            kinds.push("exposure");
            m.exposure = crossed;
          }
        }
        if (kinds.length > 0) out.push(m);
      }
    }
  }

  private parties(e: DealEvent, i: number | undefined): string[] {
    if (i !== undefined) {
      const from = this.graph.from[i] ?? -1;
      const to = this.graph.companyId(this.graph.to[i] ?? 0);
      const fromId = from >= 0 ? this.graph.companyId(from) : null;
      return fromId && fromId !== to ? [fromId, to] : [to];
    }
    const d = e.type === "deal_added" ? (e.new as Deal | null) : null;
    if (!d) return [];
    return d.from && d.from !== d.to ? [d.from, d.to] : [d.to];
  }

  private usdOf(a: Amount | null, on: string, high: boolean): number | null {
    if (!a) return null;
    const v = high ? (a.max ?? a.value) : a.value;
    if (a.currency.toUpperCase() === "USD") return v;
    return this.graph.fx.toUsd(v, a.currency, on);
  }

  /** The USD size an amount threshold is compared with. */
  private eventUsd(e: DealEvent, i: number | undefined): number | null {
    if (e.type === "amount_changed") {
      const o = this.usdOf(isAmount(e.old) ? e.old : null, e.observedOn, true);
      const n = this.usdOf(isAmount(e.new) ? e.new : null, e.observedOn, true);
      return o === null ? n : n === null ? o : Math.max(o, n);
    }
    if (e.type === "deal_added") {
      const d = e.new as Deal | null;
      const u = d?.amount ? this.usdOf(d.amount, e.observedOn, true) : null;
      if (u !== null) return u;
    }
    if (i === undefined) return null;
    const u = this.graph.usdMax[i] ?? Number.NaN;
    return Number.isNaN(u) ? null : u;
  }

  /** A status change, or an amount change over 20% (or to or from undisclosed). */
  private material(e: DealEvent): boolean {
    if (e.type === "status_changed") return true;
    if (e.type !== "amount_changed") return false;
    const o = isAmount(e.old) ? e.old : null;
    const n = isAmount(e.new) ? e.new : null;
    if (!o || !n) return o !== n;
    const ov = this.usdOf(o, e.observedOn, true) ?? (o.max ?? o.value);
    const nv = this.usdOf(n, e.observedOn, true) ?? (n.max ?? n.value);
    if (ov === 0) return nv !== 0;
    return Math.abs(nv - ov) / Math.abs(ov) > MATERIAL_CHANGE;
  }

  private mayCloseLoop(e: DealEvent): boolean {
    return e.type === "deal_added" || (e.type === "status_changed" && (e.old as DealStatus) === "cancelled");
  }

  /** Loops through `company` (cancelled deals left out) that use deal `dealId`. */
  private loopsWith(company: string, dealId: string): Cycle[] {
    const key = `${company}\u0000${dealId}`;
    let found = this.loopCache.get(key);
    if (!found) {
      const all = this.loopCache.get(company) ?? cycles(this.graph, { company, limit: 200 }).cycles;
      this.loopCache.set(company, all);
      found = all.filter((c) => c.deals.includes(dealId) || c.parallel?.some((p) => p.includes(dealId)));
      this.loopCache.set(key, found);
    }
    return found;
  }

  // --- exposure: before/after per (company, counterparty), walked in event order -------------

  /** USD change an event made to the exposure between its deal's two parties. */
  private exposureDelta(e: DealEvent, i: number | undefined): number {
    if (i === undefined) return 0;
    const cancelled = this.graph.statusOf(i) === "cancelled";
    const low = (a: Amount | null) => this.usdOf(a, e.observedOn, false) ?? 0;
    switch (e.type) {
      case "deal_added":
        return (e.new as Deal | null)?.status === "cancelled" ? 0 : low((e.new as Deal | null)?.amount ?? null);
      case "amount_changed":
        return cancelled ? 0 : low(isAmount(e.new) ? e.new : null) - low(isAmount(e.old) ? e.old : null);
      case "status_changed": {
        const now = low(this.graph.amount(i));
        if (e.new === "cancelled") return -now;
        if (e.old === "cancelled") return now;
        return 0;
      }
      default:
        return 0;
    }
  }

  /** Current exposure (USD, both directions, cancelled left out) between two companies. */
  private pairExposure(c: number, cp: number): number {
    let sum = 0;
    const g = this.graph;
    for (const i of g.out(c)) if (g.to[i] === cp && g.statusOf(i) !== "cancelled") sum += nz(g.usd[i]);
    for (const i of g.in(c)) if (g.from[i] === cp && g.statusOf(i) !== "cancelled") sum += nz(g.usd[i]);
    return sum;
  }

  /** For each pair the batch touches: the exposure just before and just after each of its events. */
  private prepareExposure(events: DealEvent[]): void {
    this.exposureRuns.clear();
    const byPair = new Map<string, DealEvent[]>();
    for (const e of events) {
      const i = this.graph.dealIndex(e.dealId);
      if (i === undefined || (this.graph.from[i] ?? -1) < 0) continue;
      const key = pairKey(this.graph.from[i] ?? 0, this.graph.to[i] ?? 0);
      byPair.set(key, [...(byPair.get(key) ?? []), e]);
    }
    for (const [key, list] of byPair) {
      const [a, b] = key.split(":").map(Number) as [number, number];
      const deltas = list.map((e) => this.exposureDelta(e, this.graph.dealIndex(e.dealId)));
      let running = this.pairExposure(a, b) - deltas.reduce((s, d) => s + d, 0);
      const steps = new Map<number, { before: number; after: number }>();
      list.forEach((e, k) => {
        const before = running;
        running += deltas[k] ?? 0;
        steps.set(e.seq, { before, after: running });
      });
      this.exposureRuns.set(key, steps);
    }
  }

  private exposureCrossed(company: string, e: DealEvent, i: number | undefined, threshold: number) {
    if (i === undefined) return null;
    const from = this.graph.from[i] ?? -1;
    const to = this.graph.to[i] ?? 0;
    if (from < 0) return null;
    const step = this.exposureRuns.get(pairKey(from, to))?.get(e.seq);
    if (!step || !(step.before < threshold && step.after >= threshold)) return null;
    const self = this.graph.companyIndex(company);
    const counterparty = this.graph.companyId(self === from ? to : from);
    return { counterparty, usd: step.after, threshold };
  }
}

const nz = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 0 : v);
const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
