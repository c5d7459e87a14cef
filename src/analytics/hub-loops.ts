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
import { byWeight, distinct, grownList, hopWeight, type Scratch, scratchFor } from "./hub-scratch.js";

/** The longest loop this search handles; longer ones go through the general walk. */
export const HUB_LOOPS_MAX_LEN = 4;

/** Adds the loops of 2..min(max_len, 4) companies through `start` to `acc` (counts, top list, first hops). */
export function searchThrough(g: DealGraph, start: number, filter: DealFilter, acc: CycleSearch): void {
  const L = Math.min(filter.maxLen, HUB_LOOPS_MAX_LEN);
  const { out, in: inn } = g.adjacency();
  const s = scratchFor(g);
  const st = s.nextStamp();
  const top = acc.top;
  const { passes } = filter;

  // A: companies C pays into; K: companies paying into C (merged at the largest deal).
  const nA = distinct(s, out, start, start, filter, false, null, st);
  s.aList = keepDistinct(s, s.aList, nA, s.outMark, s.wOut, st);
  const nK = distinct(s, inn, start, start, filter, false, null, st);
  if (nK === 0) return;
  s.kList = keepDistinct(s, s.kList, nK, s.inMark, s.wIn, st);
  // The backward pass's answers do not depend on the order K is walked in; in company order, the deal lists it
  // reads lie in memory in the order they are read.
  s.kList.subarray(0, nK).sort();

  // Backward: B[b] = number of c in K with b→c (b ≠ c), and the best tail weight w(b,c) + w(c,C).
  // One pass over the deal entries; `bLast` keeps parallel deals b→c from counting twice.
  if (L >= 4) {
    for (let k = 0; k < nK; k++) {
      const c = s.kList[k] as number;
      const back = s.wIn[c] as number;
      for (let e = inn.offsets[c] as number, end = inn.offsets[c + 1] as number; e < end; e++) {
        const b = inn.other[e] as number;
        if (b < 0 || b === c || b === start || !passes(inn.status[e] as number, inn.observed[e] as number)) continue;
        const w = hopWeight(inn.usd[e] as number) + back;
        if (s.bMark[b] !== st) {
          s.bMark[b] = st;
          s.bCount[b] = 1;
          s.bLast[b] = c;
          s.tail[b] = w;
          continue;
        }
        if (s.bLast[b] !== c) {
          s.bLast[b] = c;
          s.bCount[b] = (s.bCount[b] as number) + 1;
        }
        if (w > (s.tail[b] as number)) s.tail[b] = w;
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
      // One pass over a's deals: F and the best head for every m; the three-company loops (a → t
      // with t in K) gathered apart, merged at their largest deal, and listed after.
      s.reserve((out.offsets[a + 1] as number) - (out.offsets[a] as number), false);
      const nb = s.nextNb();
      let n3 = 0;
      for (let e = out.offsets[a] as number, end = out.offsets[a + 1] as number; e < end; e++) {
        const t = out.other[e] as number;
        if (t < 0 || t === a || t === start || !passes(out.status[e] as number, out.observed[e] as number)) continue;
        const w = wa + hopWeight(out.usd[e] as number);
        if (s.inMark[t] === st) {
          if (s.nbMark[t] !== nb) {
            s.nbMark[t] = nb;
            s.nbSlot[t] = n3;
            s.ids[n3] = t;
            s.ws[n3] = w;
            n3++;
          } else if (w > (s.ws[s.nbSlot[t] as number] as number)) s.ws[s.nbSlot[t] as number] = w;
        }
        if (L < 4) continue;
        // Only a middle t that reaches C in two hops closes four-company loops: F is kept for those alone (the
        // non-simple pairs `mutual` takes out are among them, since m → a with a in K marks m).
        if (s.bMark[t] !== st) continue;
        // a reaches C through t in two more hops (a witness other than a itself exists, or a is in K).
        looped = true;
        if (s.fMark[t] !== st) {
          s.fMark[t] = st;
          s.fCount[t] = 1;
          s.fLast[t] = a;
          s.head[t] = w;
          s.mList = grownList(s.mList, nM);
          s.mList[nM++] = t;
          continue;
        }
        if (s.fLast[t] !== a) {
          s.fLast[t] = a;
          s.fCount[t] = (s.fCount[t] as number) + 1;
        }
        if (w > (s.head[t] as number)) s.head[t] = w;
      }
      for (let j = 0; j < n3; j++) {
        const t = s.ids[j] as number;
        acc.total++;
        looped = true;
        const cw = (s.ws[j] as number) + (s.wIn[t] as number);
        if (top.admits(cw, 3)) top.offer({ nodes: [start, a, t], weight: cw });
      }
      // C→a→m→a→C is counted in F[m]·B[m] but is no loop: take out every m with a→m and m→a.
      if (L >= 4 && inK) corrections += mutual(s, inn, a, start, filter, st);
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

/** The `n` companies `distinct` just found, kept in `list` and marked (stamp and weight) for this query. */
function keepDistinct(
  s: Scratch,
  list: Int32Array,
  n: number,
  mark: Uint8Array,
  w: Float64Array,
  st: number,
): Int32Array {
  const kept = grownList(list, n);
  for (let k = 0; k < n; k++) {
    const c = s.ids[k] as number;
    kept[k] = c;
    mark[c] = st;
    w[c] = s.ws[k] as number;
  }
  return kept;
}

/** How many m (not C, not a) have both a→m and m→a; a's out-neighbours are those whose `fLast` is a. */
function mutual(s: Scratch, inn: Side, a: number, start: number, filter: DealFilter, st: number): number {
  const done = s.nextNb();
  let count = 0;
  for (let k = inn.offsets[a] as number, end = inn.offsets[a + 1] as number; k < end; k++) {
    const m = inn.other[k] as number;
    if (m < 0 || m === a || m === start || s.fMark[m] !== st || s.fLast[m] !== a || s.nbMark[m] === done) continue;
    if (!filter.passes(inn.status[k] as number, inn.observed[k] as number)) continue;
    s.nbMark[m] = done;
    count++;
  }
  return count;
}

/** Offers the loops C→a→m→c→C through middle m, heaviest first, stopping where none can enter the list. */
function listThroughMiddle(
  g: DealGraph,
  s: Scratch,
  start: number,
  m: number,
  filter: DealFilter,
  acc: CycleSearch,
  st: number,
): void {
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
