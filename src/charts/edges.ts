/**
 * Routing of deal arrows and placement of their labels. Deals between the same two companies are
 * spread into separate arcs (so A→B and B→A never overlap); arcs between two ring companies bow
 * outwards; each label goes where it overlaps no node, no other label and stays inside the frame.
 */
import { center, clipCurve, halfExtentAlong, inflate, outsideArea, overlapArea, pointAt } from "./geometry.js";
import { textWidth } from "./text.js";
import type { Box, Curve, PlannedEdge, PlannedNode, Point } from "./types.js";

/** An edge to route: what it will be drawn as, with its label's two lines (amount, kind). */
export type EdgeSpec = Omit<PlannedEdge, "curve" | "label"> & { lines: [string, string] };

export interface RouteContext {
  nodes: ReadonlyMap<string, PlannedNode>;
  /** The hub in the middle of the ring, if any: arcs touching it stay straight. */
  hub: string | null;
  ringCenter: Point;
  /** Labels must stay inside this box. */
  frame: Box;
}

export const LABEL_FONT = { amount: 13, kind: 11 } as const;
const ARC_SPACING = 84;
const ANCHOR_SHIFT = 0.25;
const LABEL_PAD = 3;
const T_CANDIDATES = [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73];

export function labelSize(lines: [string, string]): { w: number; h: number } {
  const w = Math.max(textWidth(lines[0], LABEL_FONT.amount, true), textWidth(lines[1], LABEL_FONT.kind));
  return { w: w + 2 * LABEL_PAD, h: LABEL_FONT.amount + LABEL_FONT.kind + 6 + 2 * LABEL_PAD };
}

function lerp(p: Point, q: Point, t: number): Point {
  return { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t };
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

interface Routed {
  spec: EdgeSpec;
  curve: Curve;
  /** Unit vector to the side where the label goes; zero vector to sit on the curve. */
  side: Point;
}

function route(specs: readonly EdgeSpec[], ctx: RouteContext): Routed[] {
  const groups = new Map<string, EdgeSpec[]>();
  for (const s of specs) {
    const key = pairKey(s.from, s.to);
    const g = groups.get(key) ?? [];
    g.push(s);
    groups.set(key, g);
  }
  const routed = new Map<string, Routed>();
  for (const group of groups.values()) {
    const first = group[0] as EdgeSpec;
    const [lowId, highId] = first.from < first.to ? [first.from, first.to] : [first.to, first.from];
    const low = ctx.nodes.get(lowId);
    const high = ctx.nodes.get(highId);
    if (!low || !high) continue;
    const a = center(low.box);
    const b = center(high.box);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    let normal = { x: -(b.y - a.y) / len, y: (b.x - a.x) / len };
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    // Spokes bend mostly near the ring company, so arrows leaving the crowded hub stay nearly radial.
    const hubEnd = lowId === ctx.hub ? a : highId === ctx.hub ? b : null;
    const bendAt = hubEnd === null ? mid : hubEnd === a ? lerp(a, b, 0.6) : lerp(b, a, 0.6);
    let base = 0;
    if (lowId !== ctx.hub && highId !== ctx.hub) {
      // A chord between two ring companies bows outwards, away from the middle of the chart.
      const out = { x: mid.x - ctx.ringCenter.x, y: mid.y - ctx.ringCenter.y };
      const dot = out.x * normal.x + out.y * normal.y;
      if (dot < 0) normal = { x: -normal.x, y: -normal.y };
      base = Math.min(0.22 * len, 90);
    }
    // Canonical order: low→high deals first, then by id, so the layout never depends on input order.
    const ordered = [...group].sort((p, q) => {
      const dp = p.from === lowId ? 0 : 1;
      const dq = q.from === lowId ? 0 : 1;
      return dp - dq || (p.dealId < q.dealId ? -1 : p.dealId > q.dealId ? 1 : 0);
    });
    const n = ordered.length;
    ordered.forEach((spec, i) => {
      const rel = (i - (n - 1) / 2) * ARC_SPACING;
      const offset = base + rel;
      const c = { x: bendAt.x + normal.x * offset, y: bendAt.y + normal.y * offset };
      // Parallel arcs also leave and reach the boxes at different points, so they never merge.
      const shift = rel * ANCHOR_SHIFT;
      const aa = { x: a.x + normal.x * shift, y: a.y + normal.y * shift };
      const bb = { x: b.x + normal.x * shift, y: b.y + normal.y * shift };
      const forward = spec.from === lowId;
      const full: Curve = forward ? { p0: aa, c, p2: bb } : { p0: bb, c, p2: aa };
      const curve = clipCurve(full, forward ? low : high, forward ? high : low, 4, 4);
      const sign = Math.sign(rel);
      routed.set(spec.dealId, { spec, curve, side: { x: normal.x * sign, y: normal.y * sign } });
    });
  }
  return specs.map((s) => routed.get(s.dealId)).filter((r): r is Routed => r !== undefined);
}

function sampleCurve(curve: Curve, steps = 24): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i <= steps; i++) pts.push(pointAt(curve, i / steps));
  return pts;
}

function labelBoxAt(curve: Curve, t: number, side: Point, w: number, h: number): Box {
  const p = pointAt(curve, t);
  const push = side.x === 0 && side.y === 0 ? 0 : halfExtentAlong(w, h, side) + 2;
  return { x: p.x + side.x * push - w / 2, y: p.y + side.y * push - h / 2, w, h };
}

/** Routes every deal and places its label; returns edges in the order given. */
export function routeEdges(specs: readonly EdgeSpec[], ctx: RouteContext): PlannedEdge[] {
  const routed = route(specs, ctx);
  const nodeBoxes = [...ctx.nodes.values()].map((n) => inflate(n.box, 4));
  const curveSamples = routed.map((r) => ({ id: r.spec.dealId, pts: sampleCurve(r.curve) }));
  const placed: Box[] = [];
  const edges: PlannedEdge[] = [];
  for (const r of routed) {
    const { w, h } = labelSize(r.spec.lines);
    const onCurve = r.side.x === 0 && r.side.y === 0;
    const perp = { x: -(r.curve.p2.y - r.curve.p0.y), y: r.curve.p2.x - r.curve.p0.x };
    const plen = Math.hypot(perp.x, perp.y) || 1;
    const sides: Point[] = onCurve
      ? [r.side, { x: perp.x / plen, y: perp.y / plen }, { x: -perp.x / plen, y: -perp.y / plen }]
      : [r.side];
    let best: { box: Box; cost: number } | null = null;
    search: for (const side of sides) {
      for (const t of T_CANDIDATES) {
        const box = labelBoxAt(r.curve, t, side, w, h);
        let cost = 4 * outsideArea(box, ctx.frame);
        for (const nb of nodeBoxes) cost += 2 * overlapArea(box, nb);
        for (const pb of placed) cost += 3 * overlapArea(box, pb);
        // Sitting on someone else's arrow is tolerable (the halo keeps the text legible) but not preferred.
        for (const cs of curveSamples) {
          if (cs.id === r.spec.dealId) continue;
          for (const p of cs.pts)
            if (p.x > box.x && p.x < box.x + box.w && p.y > box.y && p.y < box.y + box.h) cost += 6;
        }
        if (!best || cost < best.cost) best = { box, cost };
        if (cost === 0) break search;
      }
    }
    const box = (best as { box: Box }).box;
    placed.push(box);
    edges.push({
      dealId: r.spec.dealId,
      kind: r.spec.kind,
      from: r.spec.from,
      to: r.spec.to,
      color: r.spec.color,
      width: r.spec.width,
      dashed: r.spec.dashed,
      loop: r.spec.loop,
      curve: r.curve,
      label: { lines: r.spec.lines, box },
    });
  }
  return edges;
}
