/** Lays out a ring chart: an optional hub in the middle, the other companies on an ellipse around it. */
import type { Company, Lang } from "../domain/types.js";
import { legendFor, makeNode, nodeName, nodeSize } from "./chart-parts.js";
import { type EdgeSpec, routeEdges } from "./edges.js";
import { center } from "./geometry.js";
import { orderRing, ringPositions } from "./layout.js";
import { drawingFrame, notesHeight } from "./svg-writer.js";
import type { ChartPlan, PlannedNode } from "./types.js";
import { roleWord } from "./wording.js";

export interface RingChartInput {
  lang: Lang;
  companies: ReadonlyMap<string, Company>;
  hub: string | null;
  /** Ring companies in order of preference (the layout may reorder them to keep loops together). */
  ring: string[];
  edges: EdgeSpec[];
  title: string;
  subtitle: string;
  notes: string[];
  footnote: string;
}

const WIDTH = 1280;
const BASE_HEIGHT = 900;

export function planRingChart(input: RingChartInput): ChartPlan {
  const { lang, companies, hub } = input;
  const height = BASE_HEIGHT + notesHeight(input.notes.length);
  const frame = drawingFrame(WIDTH, height, input.notes.length);
  const mid = center(frame);
  const ringSet = new Set(input.ring);
  const links = input.edges
    .filter((e) => ringSet.has(e.from) && ringSet.has(e.to))
    .map((e) => [e.from, e.to] as [string, string]);
  const order = orderRing(input.ring, links);

  let maxW = 0;
  let maxH = 0;
  for (const id of order) {
    const role = companies.get(id)?.role;
    const size = nodeSize(nodeName(id, companies, lang), role ? roleWord(role, lang) : "", false);
    maxW = Math.max(maxW, size.w);
    maxH = Math.max(maxH, size.h);
  }
  // Few companies sit closer in, so a sparse chart does not stretch across the whole page.
  const sparse = order.length <= 3;
  const rx = Math.min(frame.w / 2 - maxW / 2 - 24, sparse ? 380 : Number.POSITIVE_INFINITY);
  const ry = Math.min(frame.h / 2 - maxH / 2 - 16, sparse ? 260 : Number.POSITIVE_INFINITY);
  const nodes = new Map<string, PlannedNode>();
  if (hub) nodes.set(hub, makeNode(hub, companies, lang, mid, true));
  ringPositions(order.length, mid, rx, ry).forEach((at, i) => {
    const id = order[i] as string;
    nodes.set(id, makeNode(id, companies, lang, at, false));
  });

  const edges = routeEdges(input.edges, { nodes, hub, ringCenter: mid, frame });
  return {
    width: WIDTH,
    height,
    title: input.title,
    subtitle: input.subtitle,
    notes: input.notes,
    footnote: input.footnote,
    legend: legendFor(
      edges,
      input.edges.some((e) => e.dashed),
      lang,
    ),
    nodes: [...nodes.values()],
    edges,
  };
}
