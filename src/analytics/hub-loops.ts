/**
 * Loops of up to four companies through one company C, counted without listing them (meet in the
 * middle) and ranked with a bounded search, so a hub with hundreds of thousands of loops costs a
 * few passes over its neighbours' deal lists.
 *
 * With A the companies C pays into and K the companies paying into C (parallel deals merged at
 * their largest), a loop is C→a→C (a in A∩K), C→a→t→C (t in K) or C→a→m→c→C. The four-company
 * loops through a middle m number F[m]·B[m] (F: heads a with C→a→m, B: tails c with m→c→C) less
 * the non-simple pairs where a = c, i.e. the companies m with a→m and m→a for a in A∩K.
 * Only the heaviest are materialised: middles are taken in order of an upper bound (best head plus
 * best tail) until the bound can no longer enter the list.
 */
import type { Side } from "./adjacency.js";
import type { CycleSearch } from "./cycle-search.js";
import type { DealGraph } from "./deal-graph.js";
import type { DealFilter } from "./filter.js";
import { MiddleHeap } from "./middle-heap.js";

/** The longest loop this search handles; longer ones go through the general walk. */
export const HUB_LOOPS_MAX_LEN = 4;

const hopWeight = (usd: number) => (Number.isNaN(usd) ? 0 : usd);
const STAMP_LIMIT = 2_000_000_000;

/** Per-graph scratch arrays indexed by company; stamps make clearing unnecessary. */
class Scratch {
  stamp = 0;
  nb = 0;
  readonly outMark: Int32Array;
  readonly wOut: Float64Array;
  readonly inMark: Int32Array;
  readonly wIn: Float64Array;
  readonly fMark: Int32Array;
  readonly fCount: Int32Array;
  readonly head: Float64Array;
  readonly bMark: Int32Array;
  readonly bCount: Int32Array;
  readonly tail: Float64Array;
  readonly nbMark: Int32Array;
  readonly nbSlot: Int32Array;
  /** Distinct neighbours of one company and their merged weights. */
  ids = new Int32Array(1024);
  ws = new Float64Array(1024);
  /** A second neighbour list (tails of a middle). */
  ids2 = new Int32Array(1024);
  ws2 = new Float64Array(1024);
  aList: Int32Array = new Int32Array(1024);
  kList: Int32Array = new Int32Array(1024);
  mList: Int32Array = new Int32Array(1024);
  readonly heap = new MiddleHeap();

  constructor(readonly size: number) {
    this.outMark = new Int32Array(size);
    this.wOut = new Float64Array(size);
    this.inMark = new Int32Array(size);
    this.wIn = new Float64Array(size);
    this.fMark = new Int32Array(size);
    this.fCount = new Int32Array(size);
    this.head = new Float64Array(size);
    this.bMark = new Int32Array(size);
    this.bCount = new Int32Array(size);
    this.tail = new Float64Array(size);
    this.nbMark = new Int32Array(size);
    this.nbSlot = new Int32Array(size);
  }

  nextStamp(): number {
    if (this.stamp >= STAMP_LIMIT) {
      for (const a of [this.outMark, this.inMark, this.fMark, this.bMark]) a.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  nextNb(): number {
    if (this.nb >= STAMP_LIMIT) {
      this.nbMark.fill(0);
      this.nb = 0;
    }
    return ++this.nb;
  }

  /** Room for `n` entries in the first (or second) neighbour buffers, keeping what they hold. */
  reserve(n: number, second: boolean): void {
    const ids = second ? this.ids2 : this.ids;
    if (ids.length >= n) return;
    const size = Math.max(n, ids.length * 2);
    const newIds = new Int32Array(size);
    const newWs = new Float64Array(size);
    newIds.set(ids);
    newWs.set(second ? this.ws2 : this.ws);
    if (second) {
      this.ids2 = newIds;
      this.ws2 = newWs;
    } else {
      this.ids = newIds;
      this.ws = newWs;
    }
  }
}

const scratches = new WeakMap<DealGraph, Scratch>();

function scratchFor(g: DealGraph): Scratch {
  let s = scratches.get(g);
  if (!s || s.size < g.companyCount) {
    s = new Scratch(g.companyCount + 1024);
    scratches.set(g, s);
  }
  return s;
}

function grownList(a: Int32Array, n: number): Int32Array {
  if (a.length > n) return a;
  const b = new Int32Array(Math.max(n + 1, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The distinct companies at the other end of v's entries in `side` (leaving out v itself, `start`
 * and undisclosed parties), each with its largest hop weight, into `s.ids`/`s.ws` (or the second
 * buffers); returns the count. With `mark`, only companies whose mark equals `stamp` are taken.
 */
function distinct(
  s: Scratch,
  side: Side,
  v: number,
  start: number,
  filter: DealFilter,
  second: boolean,
  mark: Int32Array | null,
  stamp: number,
): number {
  const begin = side.offsets[v] as number;
  const end = side.offsets[v + 1] as number;
  s.reserve(end - begin, second);
  const ids = second ? s.ids2 : s.ids;
  const ws = second ? s.ws2 : s.ws;
  const nb = s.nextNb();
  const { passes } = filter;
  let n = 0;
  for (let k = begin; k < end; k++) {
    const t = side.other[k] as number;
    if (t < 0 || t === v || t === start) continue;
    if (mark !== null && mark[t] !== stamp) continue;
    if (!passes(side.status[k] as number, side.observed[k] as number)) continue;
    const w = hopWeight(side.usd[k] as number);
    if (s.nbMark[t] !== nb) {
      s.nbMark[t] = nb;
      s.nbSlot[t] = n;
      ids[n] = t;
      ws[n] = w;
      n++;
    } else {
      const at = s.nbSlot[t] as number;
      if (w > (ws[at] as number)) ws[at] = w;
    }
  }
  return n;
}

/** Indexes 0..n-1 ordered by weight, heaviest first. */
function byWeight(ws: Float64Array, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  return order.sort((x, y) => (ws[y] as number) - (ws[x] as number));
}

/** Adds the loops of 2..min(max_len, 4) companies through `start` to `acc` (counts, top list, first hops). */
export function searchThrough(g: DealGraph, start: number, filter: DealFilter, acc: CycleSearch): void {
  const L = Math.min(filter.maxLen, HUB_LOOPS_MAX_LEN);
  const { out, in: inn } = g.adjacency();
  const s = scratchFor(g);
  const st = s.nextStamp();
  const top = acc.top;

  // A: companies C pays into; K: companies paying into C (merged at the largest deal).
  const nA = distinct(s, out, start, start, filter, false, null, st);
  s.aList = grownList(s.aList, nA);
  for (let k = 0; k < nA; k++) {
    const a = s.ids[k] as number;
    s.aList[k] = a;
    s.outMark[a] = st;
    s.wOut[a] = s.ws[k] as number;
  }
  const nK = distinct(s, inn, start, start, filter, false, null, st);
  if (nK === 0) return;
  s.kList = grownList(s.kList, nK);
  for (let k = 0; k < nK; k++) {
    const c = s.ids[k] as number;
    s.kList[k] = c;
    s.inMark[c] = st;
    s.wIn[c] = s.ws[k] as number;
  }

  // Backward: B[b] = number of c in K with b→c (b ≠ c), and the best tail weight w(b,c) + w(c,C).
  if (L >= 4) {
    for (let k = 0; k < nK; k++) {
      const c = s.kList[k] as number;
      const back = s.wIn[c] as number;
      const n = distinct(s, inn, c, start, filter, false, null, st);
      for (let j = 0; j < n; j++) {
        const b = s.ids[j] as number;
        const w = (s.ws[j] as number) + back;
        if (s.bMark[b] !== st) {
          s.bMark[b] = st;
          s.bCount[b] = 1;
          s.tail[b] = w;
        } else {
          s.bCount[b] = (s.bCount[b] as number) + 1;
          if (w > (s.tail[b] as number)) s.tail[b] = w;
        }
      }
    }
  }

  // Forward: two- and three-company loops listed outright; F[m] and the best head for four.
  let nM = 0;
  let corrections = 0;
  for (let k = 0; k < nA; k++) {
    const a = s.aList[k] as number;
    const wa = s.wOut[a] as number;
    const inK = s.inMark[a] === st;
    let looped = false;
    if (inK) {
      acc.total++;
      looped = true;
      const cw = wa + (s.wIn[a] as number);
      if (top.admits(cw, 2)) top.offer({ nodes: [start, a], weight: cw });
    }
    if (L >= 3) {
      const n = distinct(s, out, a, start, filter, false, null, st);
      for (let j = 0; j < n; j++) {
        const t = s.ids[j] as number;
        const w = wa + (s.ws[j] as number);
        if (s.inMark[t] === st) {
          acc.total++;
          looped = true;
          const cw = w + (s.wIn[t] as number);
          if (top.admits(cw, 3)) top.offer({ nodes: [start, a, t], weight: cw });
        }
        if (L < 4) continue;
        // a reaches C through t in two more hops (a witness other than a itself exists, or a is in K).
        if (s.bMark[t] === st) looped = true;
        if (s.fMark[t] !== st) {
          s.fMark[t] = st;
          s.fCount[t] = 1;
          s.head[t] = w;
          s.mList = grownList(s.mList, nM);
          s.mList[nM++] = t;
        } else {
          s.fCount[t] = (s.fCount[t] as number) + 1;
          if (w > (s.head[t] as number)) s.head[t] = w;
        }
      }
      // C→a→m→a→C is counted in F[m]·B[m] but is no loop: take out every m with a→m and m→a.
      if (L >= 4 && inK && n > 0) corrections += mutual(s, inn, a, start, filter, n);
    }
    if (looped) acc.firstHops.add(a);
  }
  if (L < 4) return;

  // Four-company loops: counted per middle, then the heaviest materialised in order of their bound.
  const heap = s.heap;
  heap.clear();
  let four = 0;
  for (let k = 0; k < nM; k++) {
    const m = s.mList[k] as number;
    if (s.bMark[m] !== st) continue;
    four += (s.fCount[m] as number) * (s.bCount[m] as number);
    const bound = (s.head[m] as number) + (s.tail[m] as number);
    if (top.admits(bound, 4)) heap.push(m, bound);
  }
  acc.total += four - corrections;
  heap.heapify();
  while (heap.size > 0 && top.admits(heap.topBound(), 4)) {
    const m = heap.pop();
    listThroughMiddle(g, s, start, m, filter, acc, st);
  }
}

/** How many m (not C, not a) have both a→m and m→a; `s.ids[0..n)` holds a's distinct out-neighbours. */
function mutual(s: Scratch, inn: Side, a: number, start: number, filter: DealFilter, n: number): number {
  const nb = s.nextNb();
  for (let j = 0; j < n; j++) s.nbMark[s.ids[j] as number] = nb;
  const done = s.nextNb();
  let count = 0;
  for (let k = inn.offsets[a] as number, end = inn.offsets[a + 1] as number; k < end; k++) {
    const m = inn.other[k] as number;
    if (m < 0 || m === a || m === start || s.nbMark[m] !== nb) continue;
    if (!filter.passes(inn.status[k] as number, inn.observed[k] as number)) continue;
    s.nbMark[m] = done;
    count++;
  }
  return count;
}

/** Offers the loops C→a→m→c→C through middle m, heaviest first, stopping where none can enter the list. */
function listThroughMiddle(g: DealGraph, s: Scratch, start: number, m: number, filter: DealFilter, acc: CycleSearch, st: number): void {
  const { out, in: inn } = g.adjacency();
  const top = acc.top;
  const nh = distinct(s, inn, m, start, filter, false, s.outMark, st);
  for (let j = 0; j < nh; j++) s.ws[j] = (s.ws[j] as number) + (s.wOut[s.ids[j] as number] as number);
  const nt = distinct(s, out, m, start, filter, true, s.inMark, st);
  for (let j = 0; j < nt; j++) s.ws2[j] = (s.ws2[j] as number) + (s.wIn[s.ids2[j] as number] as number);
  const heads = byWeight(s.ws, nh);
  const tails = byWeight(s.ws2, nt);
  const bestTail = nt > 0 ? (s.ws2[tails[0] as number] as number) : 0;
  for (const h of heads) {
    const hw = s.ws[h] as number;
    if (!top.admits(hw + bestTail, 4)) break;
    const a = s.ids[h] as number;
    for (const t of tails) {
      const cw = hw + (s.ws2[t] as number);
      if (!top.admits(cw, 4)) break;
      const c = s.ids2[t] as number;
      if (c !== a) top.offer({ nodes: [start, a, m, c], weight: cw });
    }
  }
}
