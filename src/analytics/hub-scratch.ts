/**
 * Scratch space of the hub loop search (hub-loops.ts): per-company arrays sized to the graph and
 * reused across queries (stamps make clearing rare), and the neighbour-list helpers over them.
 */
import type { Side } from "./adjacency.js";
import type { DealFilter } from "./filter.js";
import { perGraph } from "./graph-scratch.js";
import { MiddleHeap } from "./middle-heap.js";

export const hopWeight = (usd: number) => (Number.isNaN(usd) ? 0 : usd);
/** Neighbour-list stamps, thousands a query (one for each company whose deals are read), are 32-bit. */
const STAMP_LIMIT = 2_000_000_000;
/**
 * A query's marks are one byte a company, so the four arrays most often read at random fit the CPU's cache
 * together (100 KB each at 100,000 companies, against 400 KB as 32-bit stamps); they are cleared every 255
 * queries.
 */
const MARK_LIMIT = 255;

/** Per-graph scratch arrays indexed by company; stamps make clearing rare (see MARK_LIMIT and STAMP_LIMIT). */
export class Scratch {
  stamp = 0;
  nb = 0;
  readonly outMark: Uint8Array;
  readonly wOut: Float64Array;
  readonly inMark: Uint8Array;
  readonly wIn: Float64Array;
  readonly fMark: Uint8Array;
  readonly fCount: Int32Array;
  readonly head: Float64Array;
  readonly bMark: Uint8Array;
  readonly bCount: Int32Array;
  readonly bLast: Int32Array;
  readonly fLast: Int32Array;
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
    this.outMark = new Uint8Array(size);
    this.wOut = new Float64Array(size);
    this.inMark = new Uint8Array(size);
    this.wIn = new Float64Array(size);
    this.fMark = new Uint8Array(size);
    this.fCount = new Int32Array(size);
    this.head = new Float64Array(size);
    this.bMark = new Uint8Array(size);
    this.bCount = new Int32Array(size);
    this.bLast = new Int32Array(size);
    this.fLast = new Int32Array(size);
    this.tail = new Float64Array(size);
    this.nbMark = new Int32Array(size);
    this.nbSlot = new Int32Array(size);
  }

  nextStamp(): number {
    if (this.stamp >= MARK_LIMIT) {
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

export const scratchFor = perGraph((size) => new Scratch(size));

export function grownList(a: Int32Array, n: number): Int32Array {
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
export function distinct(
  s: Scratch,
  side: Side,
  v: number,
  start: number,
  filter: DealFilter,
  second: boolean,
  mark: Uint8Array | null,
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
export function byWeight(ws: Float64Array, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  return order.sort((x, y) => (ws[y] as number) - (ws[x] as number));
}
