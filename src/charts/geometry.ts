/** Plane geometry for the charts: boxes, quadratic curves, overlaps. */
import type { Box, Curve, Point } from "./types.js";

export function boxAround(center: Point, w: number, h: number): Box {
  return { x: center.x - w / 2, y: center.y - h / 2, w, h };
}

export function center(box: Box): Point {
  return { x: box.x + box.w / 2, y: box.y + box.h / 2 };
}

export function inflate(box: Box, by: number): Box {
  return { x: box.x - by, y: box.y - by, w: box.w + 2 * by, h: box.h + 2 * by };
}

export function contains(box: Box, p: Point): boolean {
  return p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h;
}

/** Area of the intersection of two boxes (0 when they do not overlap). */
export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** How much of `box` lies outside `frame`. */
export function outsideArea(box: Box, frame: Box): number {
  return box.w * box.h - overlapArea(box, frame);
}

export function pointAt(curve: Curve, t: number): Point {
  const u = 1 - t;
  return {
    x: u * u * curve.p0.x + 2 * u * t * curve.c.x + t * t * curve.p2.x,
    y: u * u * curve.p0.y + 2 * u * t * curve.c.y + t * t * curve.p2.y,
  };
}

export function tangentAt(curve: Curve, t: number): Point {
  const u = 1 - t;
  const x = 2 * u * (curve.c.x - curve.p0.x) + 2 * t * (curve.p2.x - curve.c.x);
  const y = 2 * u * (curve.c.y - curve.p0.y) + 2 * t * (curve.p2.y - curve.c.y);
  const len = Math.hypot(x, y) || 1;
  return { x: x / len, y: y / len };
}

/** The part of `curve` between parameters t0 and t1, itself a quadratic curve (blossoming). */
export function subCurve(curve: Curve, t0: number, t1: number): Curve {
  const { p0, c, p2 } = curve;
  const mid = {
    x: (1 - t0) * (1 - t1) * p0.x + ((1 - t0) * t1 + t0 * (1 - t1)) * c.x + t0 * t1 * p2.x,
    y: (1 - t0) * (1 - t1) * p0.y + ((1 - t0) * t1 + t0 * (1 - t1)) * c.y + t0 * t1 * p2.y,
  };
  return { p0: pointAt(curve, t0), c: mid, p2: pointAt(curve, t1) };
}

/** A node outline for clipping: its box, drawn as a circle when `round` (the box is then square). */
export interface Outline {
  box: Box;
  round: boolean;
}

function insideOutline(o: Outline, gap: number, p: Point): boolean {
  if (!o.round) return contains(inflate(o.box, gap), p);
  const c = center(o.box);
  return Math.hypot(p.x - c.x, p.y - c.y) <= o.box.w / 2 + gap;
}

/**
 * Trims a curve running from inside `from` to inside `to` so it starts and ends just outside
 * their outlines. Bisection on the curve parameter; outlines are convex so each crossing is unique.
 */
export function clipCurve(curve: Curve, from: Outline, to: Outline, gapStart: number, gapEnd: number): Curve {
  let lo = 0;
  let hi = 0.5;
  for (let i = 0; i < 30; i++) {
    const m = (lo + hi) / 2;
    if (insideOutline(from, gapStart, pointAt(curve, m))) lo = m;
    else hi = m;
  }
  const t0 = hi;
  lo = 0.5;
  hi = 1;
  for (let i = 0; i < 30; i++) {
    const m = (lo + hi) / 2;
    if (insideOutline(to, gapEnd, pointAt(curve, m))) hi = m;
    else lo = m;
  }
  return subCurve(curve, t0, lo);
}

/** Half the extent of a w×h box measured along unit direction `n`. */
export function halfExtentAlong(w: number, h: number, n: Point): number {
  return (Math.abs(n.x) * w) / 2 + (Math.abs(n.y) * h) / 2;
}

/** Whether the segment a→b passes through `box` (sampled; enough for layout decisions). */
export function segmentHitsBox(a: Point, b: Point, box: Box): boolean {
  for (let i = 1; i < 20; i++) {
    const t = i / 20;
    if (contains(box, { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t })) return true;
  }
  return false;
}
