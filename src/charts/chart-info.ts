/** ChartGraphInfo from the in-memory deal graph: only the deals a chart can draw, not the whole graph. */
import { dateFromInt } from "../analytics/dates.js";
import type { DealGraph } from "../analytics/deal-graph.js";
import type { Cycle } from "../analytics/types.js";
import { cycleDealIds } from "./chart-parts.js";
import type { ChartDeal, ChartGraphInfo } from "./types.js";

/**
 * Names, roles and the deals of `company` (every deal from or to it) plus those of `cycles`,
 * with the date of the newest observation in the graph.
 */
export function chartInfoFromGraph(
  graph: DealGraph,
  opts: { company?: string; cycles?: readonly Cycle[] } = {},
): ChartGraphInfo {
  const indexes = new Set<number>();
  const c = opts.company === undefined ? undefined : graph.companyIndex(opts.company);
  if (c !== undefined) {
    for (const i of graph.out(c)) indexes.add(i);
    for (const i of graph.in(c)) indexes.add(i);
  }
  for (const cycle of opts.cycles ?? []) {
    for (const id of cycleDealIds(cycle)) {
      const i = graph.dealIndex(id);
      if (i !== undefined) indexes.add(i);
    }
  }
  const deals: ChartDeal[] = [...indexes].sort((a, b) => a - b).map((i) => graph.ref(i));
  let newest = 0;
  for (let i = 0; i < graph.size; i++) newest = Math.max(newest, graph.observed[i] ?? 0);
  return { companies: graph.companies, deals, asOf: newest > 0 ? dateFromInt(newest) : "" };
}
