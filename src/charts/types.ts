/** Inputs and the intermediate drawing plan of the money-flow charts. */
import type { Company, Deal, DealKind } from "../domain/types.js";

/** The fields of a deal a chart needs; both `Deal` and the analytics' `DealRef` fit. */
export type ChartDeal = Pick<Deal, "id" | "kind" | "from" | "to" | "status" | "amount">;

/** What a chart needs besides the analytics result: names, roles, the deals behind ids, the data date. */
export interface ChartGraphInfo {
  companies: readonly Company[];
  /** Current deal states (at least those the result refers to). */
  deals: readonly ChartDeal[];
  /** `YYYY-MM-DD` of the newest observation in the data. */
  asOf: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A quadratic Bézier curve. */
export interface Curve {
  p0: Point;
  c: Point;
  p2: Point;
}

export interface PlannedNode {
  id: string;
  name: string;
  caption: string;
  box: Box;
  focus: boolean;
  /** Drawn as a circle inscribed in `box` (the focus company), else a rounded box. */
  round: boolean;
}

export interface PlannedLabel {
  lines: [string, string];
  box: Box;
}

export interface PlannedEdge {
  dealId: string;
  kind: DealKind;
  from: string;
  to: string;
  color: string;
  /** Stroke width: thicker for larger known amounts. */
  width: number;
  dashed: boolean;
  loop: boolean;
  curve: Curve;
  label: PlannedLabel;
}

export interface LegendItem {
  label: string;
  color: string;
  style: "kind" | "loop" | "dashed";
}

/** Everything the SVG writer draws, already laid out. */
export interface ChartPlan {
  width: number;
  height: number;
  title: string;
  subtitle: string;
  notes: string[];
  footnote: string;
  legend: LegendItem[];
  nodes: PlannedNode[];
  edges: PlannedEdge[];
}
