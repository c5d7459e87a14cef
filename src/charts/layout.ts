/** Deterministic node placement: an optional hub in the centre, everyone else on an ellipse. */
import type { Point } from "./types.js";

const BRUTE_FORCE_MAX = 9;

function ringCost(order: readonly number[], links: readonly [number, number][], n: number): number {
  const pos = new Array<number>(n);
  order.forEach((node, i) => {
    pos[node] = i;
  });
  let cost = 0;
  for (const [a, b] of links) {
    const d = Math.abs((pos[a] ?? 0) - (pos[b] ?? 0));
    cost += Math.min(d, n - d);
  }
  return cost;
}

/**
 * Orders ring nodes so that linked nodes sit next to each other (short outside arcs instead of
 * chords across the middle). Exhaustive for small rings with the first node fixed, so the result
 * is the same on every machine; larger rings keep the given order.
 */
export function orderRing(ids: readonly string[], links: readonly [string, string][]): string[] {
  const n = ids.length;
  if (n <= 3 || n > BRUTE_FORCE_MAX) return [...ids];
  const index = new Map(ids.map((id, i) => [id, i]));
  const idx: [number, number][] = [];
  for (const [a, b] of links) {
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia !== undefined && ib !== undefined && ia !== ib) idx.push([ia, ib]);
  }
  if (idx.length === 0) return [...ids];
  let best: number[] = ids.map((_, i) => i);
  let bestCost = ringCost(best, idx, n);
  const current = [0];
  const used = new Array<boolean>(n).fill(false);
  used[0] = true;
  const walk = (): void => {
    if (current.length === n) {
      const cost = ringCost(current, idx, n);
      if (cost < bestCost) {
        bestCost = cost;
        best = [...current];
      }
      return;
    }
    for (let i = 1; i < n; i++) {
      if (used[i]) continue;
      used[i] = true;
      current.push(i);
      walk();
      current.pop();
      used[i] = false;
    }
  };
  walk();
  return best.map((i) => ids[i] as string);
}

/** Points on an ellipse around `c`, the first at the top (or right/left for one or two nodes), clockwise. */
export function ringPositions(count: number, c: Point, rx: number, ry: number): Point[] {
  const start = count <= 2 ? 0 : -Math.PI / 2;
  const points: Point[] = [];
  for (let i = 0; i < count; i++) {
    const a = start + (2 * Math.PI * i) / count;
    points.push({ x: c.x + rx * Math.cos(a), y: c.y + ry * Math.sin(a) });
  }
  return points;
}
