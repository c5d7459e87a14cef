/**
 * Simple directed cycles of the company graph through one start company, counted exhaustively but
 * materialised only for the top N by amount.
 *
 * Loops are company-level: parallel deals between the same two companies make one loop (the hop's
 * weight is its largest deal). The search walks paths from the start to depth max_len-2 and closes
 * the last two hops with "tails" built backwards from the start's in-neighbours (b → c → start), so
 * the loops of a hub are counted per tail list, not one by one, and only the best are materialised.
 */
import type { DealGraph } from "./deal-graph.js";
import type { DealFilter } from "./filter.js";
import { perGraph } from "./graph-scratch.js";

export interface FoundCycle {
  nodes: number[]; // company indexes, start first
  weight: number; // sum of hop weights (known USD; unknown counts as 0)
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

/**
 * Per-graph scratch space sized to the company count; stamps make clearing unnecessary. A company's
 * integer fields sit together (8 slots: in-stamp, tail stamp, tail count, tail offset, mark, tail fill,
 * neighbour stamp, neighbour slot) so the hot loop touches one cache line per company, not eight.
 */
class Scratch {
  readonly i: Int32Array;
  /** Per company: [weight of its hop back to the start, its best tail weight]. */
  readonly f: Float64Array;
  private tailC = new Int32Array(1024);
  private tailW = new Float64Array(1024);
  stamp = 0;
  nbCounter = 0;
  constructor(readonly size: number) {
    this.i = new Int32Array(size * 8);
    this.f = new Float64Array(size * 2);
  }

  /** Flat tail storage for `n` entries, reused across queries. */
  tailBuffers(n: number): { tailC: Int32Array; tailW: Float64Array } {
    if (this.tailC.length < n) {
      const size = Math.max(n, this.tailC.length * 2);
      this.tailC = new Int32Array(size);
      this.tailW = new Float64Array(size);
    }
    return { tailC: this.tailC, tailW: this.tailW };
  }
}

/** The graph's scratch space, reallocated when companies were added. */
export const scratchFor = perGraph((size) => new Scratch(size));

export interface CycleSearch {
  top: TopCycles;
  total: number;
  /** Companies that are the first hop of at least one loop (per start; used for circular exposure). */
  firstHops: CompanySet;
  /** Deal entries the search may still read; once spent it stops, and `total` is a lower bound. */
  budget: number;
  /** False when the budget ran out before every loop was found. */
  complete: boolean;
}

const hopWeight = (usd: number) => (Number.isNaN(usd) ? 0 : usd);

/**
 * A set of a graph's companies as a byte each: a hub's search adds and tests thousands of them, and each costs a
 * store or a load where a Set hashes.
 */
export class CompanySet {
  private readonly marks: Uint8Array;
  constructor(companies: number) {
    this.marks = new Uint8Array(companies);
  }
  add(c: number): void {
    this.marks[c] = 1;
  }
  has(c: number): boolean {
    return this.marks[c] === 1;
  }
}

export function newSearch(limit: number, companies: number, budget = Number.POSITIVE_INFINITY): CycleSearch {
  return { top: new TopCycles(limit), total: 0, firstHops: new CompanySet(companies), budget, complete: true };
}

/** Whether the search may go on; once its budget is spent it is marked incomplete and must stop. */
export function withinBudget(acc: CycleSearch): boolean {
  if (acc.budget >= 0) return true;
  acc.complete = false;
  return false;
}

/** Whether company `u` may not be on a loop from `start`: none, the start itself, or ranked before it. */
function skipped(u: number, start: number, rank: Int32Array | null, startRank: number): boolean {
  return u < 0 || u === start || (rank !== null && (rank[u] as number) < startRank);
}

/**
 * Adds the loops through `start` to `acc`. With `rank`, only loops whose other companies all rank after
 * the start are taken, so running every start once, in rank order, lists each loop once.
 */
export function searchFrom(
  g: DealGraph,
  start: number,
  filter: DealFilter,
  acc: CycleSearch,
  rank: Int32Array | null,
): void {
  const L = filter.maxLen;
  const { passes } = filter;
  const { out, in: inn } = g.adjacency();
  const s = scratchFor(g);
  const stamp = ++s.stamp;
  const startRank = rank ? (rank[start] as number) : 0;

  // Companies with a deal straight back to the start, and the weight of that hop. Most starts of a
  // whole-graph walk have none (every company with a deal into them ranks before them) and stop here.
  const inList: number[] = [];
  acc.budget -= (inn.offsets[start + 1] as number) - (inn.offsets[start] as number);
  for (let k = inn.offsets[start] as number, end = inn.offsets[start + 1] as number; k < end; k++) {
    const u = inn.other[k] as number;
    if (skipped(u, start, rank, startRank) || !passes(inn.status[k] as number, inn.observed[k] as number)) continue;
    const w = hopWeight(inn.usd[k] as number);
    if (s.i[u * 8] !== stamp) {
      s.i[u * 8] = stamp;
      s.f[u * 2] = w;
      inList.push(u);
    } else if (w > (s.f[u * 2] as number)) s.f[u * 2] = w;
  }
  if (inList.length === 0) return;
  const skip = (u: number) => skipped(u, start, rank, startRank);
  const backToStart = (u: number) => s.i[u * 8] === stamp;

  /** Distinct next companies of v (parallel deals merged at their largest), leaving out the start. */
  const neighbours = (v: number): { ids: number[]; w: number[] } => {
    const nb = ++s.nbCounter;
    const ids: number[] = [];
    const ws: number[] = [];
    acc.budget -= (out.offsets[v + 1] as number) - (out.offsets[v] as number);
    for (let k = out.offsets[v] as number, end = out.offsets[v + 1] as number; k < end; k++) {
      const t = out.other[k] as number;
      if (t === v || skip(t) || !passes(out.status[k] as number, out.observed[k] as number)) continue;
      const w = hopWeight(out.usd[k] as number);
      if (s.i[t * 8 + 6] !== nb) {
        s.i[t * 8 + 6] = nb;
        s.i[t * 8 + 7] = ids.length;
        ids.push(t);
        ws.push(w);
      } else {
        const at = s.i[t * 8 + 7] as number;
        if (w > (ws[at] as number)) ws[at] = w;
      }
    }
    return { ids, w: ws };
  };

  if (L === 2) {
    const nb = neighbours(start);
    for (let k = 0; k < nb.ids.length; k++) {
      const a = nb.ids[k] as number;
      if (!backToStart(a)) continue;
      acc.total++;
      acc.firstHops.add(a);
      const cw = (nb.w[k] ?? 0) + (s.f[a * 2] ?? 0);
      if (acc.top.admits(cw, 2)) acc.top.offer({ nodes: [start, a], weight: cw });
    }
    return;
  }

  // Tails, built backwards: for each b, the companies c with b → c → start (the last two hops of a
  // loop), in one flat array grouped by b. Two passes over the same deals: count, then fill.
  const tails: number[] = [];
  let entries = 0;
  for (const c of inList) {
    const nb = ++s.nbCounter;
    // Read twice: counted here, filled below.
    acc.budget -= 2 * ((inn.offsets[c + 1] as number) - (inn.offsets[c] as number));
    for (let k = inn.offsets[c] as number, end = inn.offsets[c + 1] as number; k < end; k++) {
      const b = inn.other[k] as number;
      if (b === c || skip(b) || s.i[b * 8 + 6] === nb || !passes(inn.status[k] as number, inn.observed[k] as number))
        continue;
      s.i[b * 8 + 6] = nb;
      if (s.i[b * 8 + 1] !== stamp) {
        s.i[b * 8 + 1] = stamp;
        s.i[b * 8 + 2] = 0;
        s.f[b * 2 + 1] = 0;
        tails.push(b);
      }
      s.i[b * 8 + 2] = (s.i[b * 8 + 2] ?? 0) + 1;
      entries++;
    }
  }
  let offset = 0;
  for (const b of tails) {
    s.i[b * 8 + 3] = offset;
    s.i[b * 8 + 5] = offset;
    offset += s.i[b * 8 + 2] ?? 0;
  }
  const { tailC, tailW } = s.tailBuffers(entries);
  for (const c of inList) {
    const nb = ++s.nbCounter;
    const back = s.f[c * 2] as number;
    for (let k = inn.offsets[c] as number, end = inn.offsets[c + 1] as number; k < end; k++) {
      const b = inn.other[k] as number;
      if (b === c || skip(b) || !passes(inn.status[k] as number, inn.observed[k] as number)) continue;
      const w = hopWeight(inn.usd[k] as number) + back;
      if (s.i[b * 8 + 6] !== nb) {
        s.i[b * 8 + 6] = nb;
        const at = s.i[b * 8 + 5] ?? 0;
        s.i[b * 8 + 5] = at + 1;
        s.i[b * 8 + 7] = at;
        tailC[at] = c;
        tailW[at] = w;
      } else {
        const at = s.i[b * 8 + 7] ?? 0;
        if (w > (tailW[at] ?? 0)) tailW[at] = w;
      }
      if (w > (s.f[b * 2 + 1] ?? 0)) s.f[b * 2 + 1] = w;
    }
  }
  const hasTails = (b: number) => s.i[b * 8 + 1] === stamp;

  const path: number[] = [start];
  const onPath = (c: number) => path.includes(c);

  // While x is on the path, every b with a deal into x has x among its tails but may not use it.
  const markInto = (x: number, delta: 1 | -1) => {
    if (!backToStart(x)) return;
    const nb = ++s.nbCounter;
    acc.budget -= (inn.offsets[x + 1] as number) - (inn.offsets[x] as number);
    for (let k = inn.offsets[x] as number, end = inn.offsets[x + 1] as number; k < end; k++) {
      const b = inn.other[k] as number;
      if (b < 0 || b === x || s.i[b * 8 + 6] === nb || !passes(inn.status[k] as number, inn.observed[k] as number))
        continue;
      s.i[b * 8 + 6] = nb;
      s.i[b * 8 + 4] = (s.i[b * 8 + 4] ?? 0) + delta;
    }
  };

  // Loops whose last intermediate companies are b (on the path's end, not yet pushed) then a tail c.
  const closeWithTails = (b: number, weight: number): number => {
    if (!hasTails(b)) return 0;
    const n = (s.i[b * 8 + 2] as number) - (s.i[b * 8 + 4] as number);
    if (n <= 0) return 0;
    const len = path.length + 2;
    if (acc.top.admits(weight + (s.f[b * 2 + 1] as number), len)) {
      const begin = s.i[b * 8 + 3] as number;
      const end = begin + (s.i[b * 8 + 2] as number);
      acc.budget -= end - begin;
      for (let k = begin; k < end; k++) {
        const cw = weight + (tailW[k] as number);
        const c = tailC[k] as number;
        if (acc.top.admits(cw, len) && !onPath(c)) acc.top.offer({ nodes: [...path, b, c], weight: cw });
      }
    }
    return n;
  };

  // Loops below the path's last company v at depth d (0 = the start). Companies at depth max_len-2
  // are leaves: they close straight back, or through one tail, without being walked into.
  const walk = (v: number, d: number, weight: number): number => {
    let found = 0;
    if (!withinBudget(acc)) return found;
    const nb = neighbours(v);
    const leaf = d + 1 === L - 2;
    for (let k = 0; k < nb.ids.length && acc.complete; k++) {
      const u = nb.ids[k] as number;
      if (onPath(u)) continue;
      const w = weight + (nb.w[k] as number);
      let n = 0;
      if (backToStart(u)) {
        n++;
        const cw = w + (s.f[u * 2] as number);
        if (acc.top.admits(cw, path.length + 1)) acc.top.offer({ nodes: [...path, u], weight: cw });
      }
      if (leaf) n += closeWithTails(u, w);
      else {
        path.push(u);
        markInto(u, 1);
        n += walk(u, d + 1, w);
        markInto(u, -1);
        path.pop();
      }
      if (d === 0 && n > 0) acc.firstHops.add(u);
      found += n;
    }
    return found;
  };

  acc.total += walk(start, 0, 0);
}
