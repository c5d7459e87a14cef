/**
 * The first hops of the loops through a company, found without walking the loops (circular exposure needs
 * only these). t is one when C pays into t and t reaches C in at most max_len − 1 deals without passing
 * through C: the shortest such path repeats no company, so it closes a loop of at most max_len companies.
 * One breadth-first pass backwards from C finds them all, however many loops there are.
 */
import { CompanySet } from "./cycle-search.js";
import type { DealGraph } from "./deal-graph.js";
import type { DealFilter } from "./filter.js";
import { perGraph } from "./graph-scratch.js";

/** Per company, the stamp of the last search that reached it (stamps make clearing unnecessary). */
const reachedFor = perGraph((size) => ({ size, reached: new Int32Array(size), stamp: 0 }));

export function loopFirstHops(g: DealGraph, company: number, filter: DealFilter): CompanySet {
  const { out, in: inn } = g.adjacency();
  const { passes } = filter;
  const s = reachedFor(g);
  const stamp = ++s.stamp;
  const reached = s.reached;
  reached[company] = stamp; // never passed through
  let frontier = [company];
  for (let depth = 1; depth < filter.maxLen && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const v of frontier)
      for (let k = inn.offsets[v] as number, end = inn.offsets[v + 1] as number; k < end; k++) {
        const u = inn.other[k] as number;
        if (u < 0 || reached[u] === stamp || !passes(inn.status[k] as number, inn.observed[k] as number)) continue;
        reached[u] = stamp;
        next.push(u);
      }
    frontier = next;
  }
  const hops = new CompanySet(g.companyCount);
  for (let k = out.offsets[company] as number, end = out.offsets[company + 1] as number; k < end; k++) {
    const t = out.other[k] as number;
    if (t !== company && reached[t] === stamp && passes(out.status[k] as number, out.observed[k] as number))
      hops.add(t);
  }
  return hops;
}
