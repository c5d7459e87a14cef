/**
 * Simple directed cycles of the company graph through one start company, counted exhaustively but
 * materialised only for the top N by amount.
 *
 * Loops are company-level: parallel deals between the same two companies make one loop (the hop's
 * weight is its largest deal). The search walks paths from the start to depth max_len-2 and closes
 * the last two hops with a per-node "tail" list (next companies that lead straight back to the start,
 * sorted by weight), so the loops of a hub are counted without listing them one by one.
 */
import type { DealGraph } from "./deal-graph.js";
import type { DealFilter } from "./filter.js";

export interface FoundCycle {
  nodes: number[]; // company indexes, start first
  weight: number; // sum of hop weights (known USD; unknown counts as 0)
}

interface Tail {
  ids: Int32Array; // next companies, ascending
  weights: Float64Array; // hop weight into ids[k] plus its hop back to the start
  order: Int32Array; // positions of ids by weight, largest first
}

/** A min-heap of the best loops so far (larger weight better, then fewer hops). */
class TopCycles {
  readonly items: FoundCycle[] = [];
  constructor(readonly limit: number) {}

  private worse(a: FoundCycle, b: FoundCycle): boolean {
    return a.weight < b.weight || (a.weight === b.weight && a.nodes.length > b.nodes.length);
  }

  /** Whether a loop of this weight and length would enter the list. */
  admits(weight: number, length: number): boolean {
    if (this.limit === 0) return false;
    if (this.items.length < this.limit) return true;
    const min = this.items[0] as FoundCycle;
    return weight > min.weight || (weight === min.weight && length < min.nodes.length);
  }

  offer(c: FoundCycle): void {
    if (!this.admits(c.weight, c.nodes.length)) return;
    const h = this.items;
    if (h.length < this.limit) {
      h.push(c);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(h[i] as FoundCycle, h[p] as FoundCycle)) break;
        [h[i], h[p]] = [h[p] as FoundCycle, h[i] as FoundCycle];
        i = p;
      }
      return;
    }
    h[0] = c;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.worse(h[l] as FoundCycle, h[m] as FoundCycle)) m = l;
      if (r < h.length && this.worse(h[r] as FoundCycle, h[m] as FoundCycle)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as FoundCycle, h[i] as FoundCycle];
      i = m;
    }
  }

  sorted(): FoundCycle[] {
    return [...this.items].sort((a, b) => b.weight - a.weight || a.nodes.length - b.nodes.length);
  }
}

/** Reusable per-query scratch space sized to the company count. */
class Scratch {
  inStamp: Int32Array;
  inW: Float64Array;
  nbStamp: Int32Array;
  nbW: Float64Array;
  stamp = 0;
  nbCounter = 0;
  constructor(n: number) {
    this.inStamp = new Int32Array(n);
    this.inW = new Float64Array(n);
    this.nbStamp = new Int32Array(n);
    this.nbW = new Float64Array(n);
  }
}

export interface CycleSearch {
  top: TopCycles;
  total: number;
  /** Companies that are the first hop of at least one loop (per start; used for circular exposure). */
  firstHops: Set<number>;
}

const hopWeight = (usd: number) => (Number.isNaN(usd) ? 0 : usd);

export function newSearch(limit: number): CycleSearch {
  return { top: new TopCycles(limit), total: 0, firstHops: new Set() };
}

/**
 * Adds the loops through `start` to `acc`. With `higherOnly`, only loops whose other companies all have
 * larger indexes are taken, so running every start once lists each loop once (canonical rotation).
 */
export function searchFrom(
  g: DealGraph,
  start: number,
  filter: DealFilter,
  acc: CycleSearch,
  higherOnly: boolean,
  scratch: Scratch = new Scratch(g.companyCount),
): void {
  const L = filter.maxLen;
  const { pass } = filter;
  const { from, to, usd } = g;
  const s = scratch;
  const stamp = ++s.stamp;
  let anyIn = false;
  for (const i of g.in(start)) {
    const u = from[i] ?? -1;
    if (u < 0 || u === start || (higherOnly && u < start) || !pass(i)) continue;
    const w = hopWeight(usd[i] ?? Number.NaN);
    if (s.inStamp[u] !== stamp) {
      s.inStamp[u] = stamp;
      s.inW[u] = w;
      anyIn = true;
    } else if (w > (s.inW[u] ?? 0)) s.inW[u] = w;
  }
  if (!anyIn) return;

  const neighbours = (v: number): { ids: number[]; w: number[] } => {
    const nb = ++s.nbCounter;
    const ids: number[] = [];
    const ws: number[] = [];
    for (const i of g.out(v)) {
      const t = to[i] ?? -1;
      if (t === v || t === start || (higherOnly && t < start) || !pass(i)) continue;
      const w = hopWeight(usd[i] ?? Number.NaN);
      if (s.nbStamp[t] !== nb) {
        s.nbStamp[t] = nb;
        s.nbW[t] = ids.length;
        ids.push(t);
        ws.push(w);
      } else {
        const k = s.nbW[t] ?? 0;
        if (w > (ws[k] ?? 0)) ws[k] = w;
      }
    }
    return { ids, w: ws };
  };

  const tails = new Map<number, Tail>();
  const tailOf = (b: number): Tail => {
    let t = tails.get(b);
    if (t) return t;
    const nb = neighbours(b);
    const pairs: [number, number][] = [];
    for (let k = 0; k < nb.ids.length; k++) {
      const c = nb.ids[k] as number;
      if (s.inStamp[c] === stamp) pairs.push([c, (nb.w[k] ?? 0) + (s.inW[c] ?? 0)]);
    }
    pairs.sort((a, b2) => a[0] - b2[0]);
    const ids = Int32Array.from(pairs, (p) => p[0]);
    const weights = Float64Array.from(pairs, (p) => p[1]);
    const order = Int32Array.from(pairs.keys()).sort((x, y) => (weights[y] ?? 0) - (weights[x] ?? 0) || x - y);
    t = { ids, weights, order };
    tails.set(b, t);
    return t;
  };

  const path: number[] = [start];
  const onPath = (c: number) => path.includes(c);
  const has = (ids: Int32Array, c: number) => {
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      const x = ids[m] as number;
      if (x === c) return true;
      if (x < c) lo = m + 1;
      else hi = m - 1;
    }
    return false;
  };

  const closeWithTails = (b: number, weight: number): number => {
    const t = tailOf(b);
    let n = t.ids.length;
    for (let k = 1; k < path.length - 1; k++) if (has(t.ids, path[k] as number)) n--;
    if (n === 0) return 0;
    const len = path.length + 1;
    for (const pos of t.order) {
      const cw = weight + (t.weights[pos] ?? 0);
      if (!acc.top.admits(cw, len)) break;
      const c = t.ids[pos] as number;
      if (onPath(c)) continue;
      acc.top.offer({ nodes: [...path, c], weight: cw });
    }
    return n;
  };

  // Loops found below node v at depth d (path ends with v), carrying the path's weight so far.
  const walk = (v: number, d: number, weight: number): number => {
    let found = 0;
    if (d >= 1 && s.inStamp[v] === stamp) {
      found++;
      const cw = weight + (s.inW[v] ?? 0);
      if (acc.top.admits(cw, path.length)) acc.top.offer({ nodes: [...path], weight: cw });
    }
    if (d === L - 2) return found + closeWithTails(v, weight);
    const nb = neighbours(v);
    for (let k = 0; k < nb.ids.length; k++) {
      const u = nb.ids[k] as number;
      if (onPath(u)) continue;
      path.push(u);
      const n = walk(u, d + 1, weight + (nb.w[k] ?? 0));
      path.pop();
      if (d === 0 && n > 0) acc.firstHops.add(u);
      found += n;
    }
    return found;
  };

  if (L === 2) {
    // Only two-company loops: every tail of the start is a loop start → c → start.
    const t = tailOf(start);
    for (let k = 0; k < t.ids.length; k++) acc.firstHops.add(t.ids[k] as number);
    acc.total += closeWithTails(start, 0);
    return;
  }
  acc.total += walk(start, 0, 0);
}

export { Scratch };
