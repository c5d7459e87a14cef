/**
 * Matching events against subscriptions: the company on either side of the deal, the amount over
 * the threshold (in USD, the larger of old and new for a revision), the wanted kinds; plus the graph
 * alerts: `loops` (the event's deal closes or extends a loop through the company) and `exposure`
 * (the company's exposure to one counterparty crosses the subscription's threshold).
 */
import type { DealGraph } from "../analytics/deal-graph.js";
import type { Cycle } from "../analytics/types.js";
import type { Amount, Deal, DealEvent, DealStatus } from "../domain/types.js";
import type { AlertKind } from "../store/subscription-repository.js";
import { loopClosedBy, loopFrom } from "./loop-finder.js";
import type { IndexedSubscription, NewsKind, SubscriptionIndex } from "./subscription-index.js";

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

/**
 * Matches of one event for one party, as a slice of an index list: subscriptions subs[start..end)
 * matched for `kind`. Kept as slices so matching costs no allocation per subscription.
 */
export interface MatchGroup {
  event: DealEvent;
  /** The party the subscriptions follow. */
  company: string;
  kind: AlertKind;
  subs: readonly IndexedSubscription[];
  start: number;
  end: number;
  broadcast: boolean;
  loop?: Cycle;
  exposure?: { counterparty: string; usd: number };
}

export type MatchResult = MatchGroup[];

const NEWS = new Set<string>(["deal_added", "amount_changed", "status_changed"]);
const MATERIAL_CHANGE = 0.2;

const isAmount = (v: unknown): v is Amount =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as Amount).value === "number" &&
  typeof (v as Amount).currency === "string";

/** Matches a batch of events (ascending seq). The graph must already reflect them. */
export class AlertMatcher {
  private readonly loops = new Map<number, Cycle | null>();
  private exposureRuns: Map<string, Map<number, { before: number; after: number }>> | null = null;

  constructor(
    private readonly graph: DealGraph,
    private readonly index: SubscriptionIndex,
  ) {}

  matchAll(events: DealEvent[]): MatchResult {
    const result: MatchResult = [];
    if (this.index.size === 0) return result;
    for (const e of events) this.match(e, events, result);
    return result;
  }

  private match(e: DealEvent, batch: DealEvent[], out: MatchResult): void {
    if (!NEWS.has(e.type)) return;
    const i = this.graph.dealIndex(e.dealId);
    const parties = this.parties(e, i);
    if (parties.length === 0) return;
    const usd = this.eventUsd(e, i);
    const broadcast = this.material(e);
    for (const company of parties) {
      const news = this.index.news(company, e.type as NewsKind, usd);
      if (news.count > 0)
        out.push({
          event: e,
          company,
          kind: e.type as AlertKind,
          subs: news.subs,
          start: 0,
          end: news.count,
          broadcast,
        });
      if (i === undefined || !this.index.hasGraphSubs(company)) continue;
      const loopSubs = this.index.loops(company);
      if (loopSubs.length > 0 && this.mayCloseLoop(e)) {
        const loop = this.loopOf(i);
        if (loop)
          out.push({
            event: e,
            company,
            kind: "loops",
            subs: loopSubs,
            start: 0,
            end: loopSubs.length,
            broadcast,
            loop: loopFrom(loop, company),
          });
      }
      const step = this.exposureStep(e, i, batch);
      if (step) {
        const crossed = this.index.exposureCrossed(company, step.before, step.after);
        if (crossed.end > crossed.start) {
          const self = this.graph.companyIndex(company);
          const other = self === this.graph.from[i] ? this.graph.to[i] : this.graph.from[i];
          out.push({
            event: e,
            company,
            kind: "exposure",
            ...crossed,
            broadcast,
            exposure: { counterparty: this.graph.companyId(other ?? 0), usd: step.after },
          });
        }
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
    const ov = this.usdOf(o, e.observedOn, true) ?? o.max ?? o.value;
    const nv = this.usdOf(n, e.observedOn, true) ?? n.max ?? n.value;
    if (ov === 0) return nv !== 0;
    return Math.abs(nv - ov) / Math.abs(ov) > MATERIAL_CHANGE;
  }

  private mayCloseLoop(e: DealEvent): boolean {
    return e.type === "deal_added" || (e.type === "status_changed" && (e.old as DealStatus) === "cancelled");
  }

  private loopOf(i: number): Cycle | null {
    if (!this.loops.has(i)) this.loops.set(i, loopClosedBy(this.graph, i));
    return this.loops.get(i) ?? null;
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
  private prepareExposure(events: DealEvent[]): Map<string, Map<number, { before: number; after: number }>> {
    const runs = new Map<string, Map<number, { before: number; after: number }>>();
    const byPair = new Map<string, DealEvent[]>();
    for (const e of events) {
      const i = this.graph.dealIndex(e.dealId);
      if (i === undefined || (this.graph.from[i] ?? -1) < 0) continue;
      const key = pairKey(this.graph.from[i] ?? 0, this.graph.to[i] ?? 0);
      let list = byPair.get(key);
      if (!list) {
        list = [];
        byPair.set(key, list);
      }
      list.push(e);
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
      runs.set(key, steps);
    }
    return runs;
  }

  /** The exposure between the deal's parties just before and after event `e`. */
  private exposureStep(e: DealEvent, i: number, batch: DealEvent[]) {
    const from = this.graph.from[i] ?? -1;
    if (from < 0) return null;
    this.exposureRuns ??= this.prepareExposure(batch);
    return this.exposureRuns.get(pairKey(from, this.graph.to[i] ?? 0))?.get(e.seq) ?? null;
  }
}

/**
 * One alert per (subscription, event): the groups written out, a subscription's findings on the
 * same event (news, loop, exposure) merged into one.
 */
export function expandMatches(groups: MatchResult): AlertMatch[] {
  const out: AlertMatch[] = [];
  // Groups come per event and party, in order; only groups of the same event and party can share a subscription.
  for (let i = 0; i < groups.length; ) {
    const first = groups[i] as MatchGroup;
    let j = i + 1;
    while (j < groups.length && groups[j]?.event === first.event && groups[j]?.company === first.company) j++;
    if (j - i === 1) {
      for (let k = first.start; k < first.end; k++) out.push(alertOf(first, first.subs[k] as IndexedSubscription));
    } else {
      const by = new Map<number, AlertMatch>();
      for (let n = i; n < j; n++) {
        const g = groups[n] as MatchGroup;
        for (let k = g.start; k < g.end; k++) {
          const sub = g.subs[k] as IndexedSubscription;
          const held = by.get(sub.id);
          if (!held) by.set(sub.id, alertOf(g, sub));
          else {
            held.kinds.push(g.kind);
            if (g.loop && !held.loop) held.loop = g.loop;
            if (g.exposure && !held.exposure && sub.exposureUsd !== null)
              held.exposure = { ...g.exposure, threshold: sub.exposureUsd };
          }
        }
      }
      for (const m of by.values()) out.push(m);
    }
    i = j;
  }
  return out;
}

function alertOf(g: MatchGroup, sub: IndexedSubscription): AlertMatch {
  const m: AlertMatch = { sub, event: g.event, kinds: [g.kind], broadcast: g.broadcast };
  if (g.loop) m.loop = g.loop;
  if (g.exposure && sub.exposureUsd !== null) m.exposure = { ...g.exposure, threshold: sub.exposureUsd };
  return m;
}

const nz = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 0 : v);
const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
