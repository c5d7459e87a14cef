/** Serialises a laid-out ChartPlan to SVG. All text goes through escapeXml. */

import { LABEL_FONT } from "./edges.js";
import { pointAt, subCurve, tangentAt } from "./geometry.js";
import { escapeXml, fitText, textWidth } from "./text.js";
import type { Box, ChartPlan, Curve, LegendItem, PlannedEdge, PlannedNode } from "./types.js";

export const FONT_FAMILY = "Noto Sans KR";
export const LOOP_COLOR = "#e63946";
const INK = "#111827";
const MUTED = "#4b5563";
const MARGIN = 40;
const HEADER = 112;
const LEGEND_ROW = 34;
const NOTE_ROW = 21;
const FOOTNOTE_ROW = 34;
const ARROW_LEN = 11;

/** The area left for nodes and arrows once title, legend, notes and footnote have their room. */
export function drawingFrame(width: number, height: number, noteCount: number): Box {
  const bottom = LEGEND_ROW + noteCount * NOTE_ROW + FOOTNOTE_ROW + 12;
  return { x: MARGIN / 2, y: HEADER, w: width - MARGIN, h: height - HEADER - bottom };
}

/** Extra canvas height a plan needs for `noteCount` note lines. */
export function notesHeight(noteCount: number): number {
  return noteCount * NOTE_ROW;
}

const n = (v: number): string => (Math.round(v * 10) / 10).toString();

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${n(x)}" y="${n(y)}" ${attrs}>${escapeXml(content)}</text>`;
}

function pathData(c: Curve): string {
  return `M${n(c.p0.x)},${n(c.p0.y)} Q${n(c.c.x)},${n(c.c.y)} ${n(c.p2.x)},${n(c.p2.y)}`;
}

/** Parameter where the curve is `len` px short of its end (for stopping the stroke under the arrowhead). */
function tShortOfEnd(c: Curve, len: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 25; i++) {
    const m = (lo + hi) / 2;
    const p = pointAt(c, m);
    if (Math.hypot(p.x - c.p2.x, p.y - c.p2.y) > len) lo = m;
    else hi = m;
  }
  return lo;
}

function edgeSvg(e: PlannedEdge): string {
  const parts: string[] = [];
  const arrowLen = ARROW_LEN + e.width;
  const shaft = subCurve(e.curve, 0, tShortOfEnd(e.curve, arrowLen - 2));
  if (e.loop) {
    parts.push(
      `<path d="${pathData(e.curve)}" fill="none" stroke="${LOOP_COLOR}" stroke-opacity="0.22" stroke-width="${n(e.width + 9)}" stroke-linecap="round"/>`,
    );
  }
  const dash = e.dashed ? ` stroke-dasharray="8 6"` : "";
  parts.push(
    `<path d="${pathData(shaft)}" fill="none" stroke="${e.color}" stroke-width="${n(e.width)}"${dash} stroke-linecap="round"/>`,
  );
  const tip = e.curve.p2;
  const dir = tangentAt(e.curve, 1);
  const half = (arrowLen * 0.5) / 1;
  const baseX = tip.x - dir.x * arrowLen;
  const baseY = tip.y - dir.y * arrowLen;
  const pts = [
    [tip.x, tip.y],
    [baseX - dir.y * half, baseY + dir.x * half],
    [baseX + dir.y * half, baseY - dir.x * half],
  ]
    .map(([x, y]) => `${n(x as number)},${n(y as number)}`)
    .join(" ");
  parts.push(`<polygon points="${pts}" fill="${e.color}"/>`);
  return `<g data-deal="${escapeXml(e.dealId)}" class="edge${e.loop ? " loop" : ""}">${parts.join("")}</g>`;
}

function labelSvg(e: PlannedEdge): string {
  const { box, lines } = e.label;
  const cx = box.x + box.w / 2;
  const y1 = box.y + 3 + LABEL_FONT.amount;
  const y2 = y1 + 4 + LABEL_FONT.kind;
  // One text element per line with the white halo painted under the glyphs (paint-order):
  // glyph outlining dominates render time, so each glyph is drawn once.
  const halo = `stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"`;
  const a1 = `text-anchor="middle" font-size="${LABEL_FONT.amount}" font-weight="700"`;
  const a2 = `text-anchor="middle" font-size="${LABEL_FONT.kind}"`;
  return (
    `<g class="label" data-deal="${escapeXml(e.dealId)}">` +
    `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" rx="4" fill="#ffffff" fill-opacity="0.78"/>` +
    text(cx, y1, lines[0], `${a1} fill="${INK}" ${halo}`) +
    text(cx, y2, lines[1], `${a2} fill="${e.color}" ${halo}`) +
    "</g>"
  );
}

function nodeSvg(node: PlannedNode): string {
  const { box } = node;
  const cx = box.x + box.w / 2;
  const fill = node.focus ? INK : "#ffffff";
  const stroke = node.focus ? INK : "#9ca3af";
  const nameSize = node.focus ? 19 : 16;
  const nameColor = node.focus ? "#ffffff" : INK;
  const capColor = node.focus ? "#d1d5db" : "#6b7280";
  const nameY = box.y + box.h / 2 + (node.caption ? 0 : nameSize * 0.35);
  return (
    `<g class="node" data-company="${escapeXml(node.id)}">` +
    (node.round
      ? `<circle cx="${n(cx)}" cy="${n(box.y + box.h / 2)}" r="${n(box.w / 2)}" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`
      : `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" rx="10" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`) +
    text(cx, nameY, node.name, `text-anchor="middle" font-size="${nameSize}" font-weight="700" fill="${nameColor}"`) +
    (node.caption ? text(cx, nameY + 16, node.caption, `text-anchor="middle" font-size="11" fill="${capColor}"`) : "") +
    "</g>"
  );
}

function legendSvg(items: readonly LegendItem[], x0: number, y: number): string {
  let x = x0;
  const parts: string[] = [];
  for (const item of items) {
    const sw = `x1="${n(x)}" y1="${n(y)}" x2="${n(x + 28)}" y2="${n(y)}"`;
    if (item.style === "loop") {
      parts.push(`<line ${sw} stroke="${LOOP_COLOR}" stroke-opacity="0.22" stroke-width="11" stroke-linecap="round"/>`);
      parts.push(`<line ${sw} stroke="${MUTED}" stroke-width="2"/>`);
    } else if (item.style === "dashed") {
      parts.push(`<line ${sw} stroke="${MUTED}" stroke-width="2" stroke-dasharray="8 6"/>`);
    } else {
      parts.push(`<line ${sw} stroke="${item.color}" stroke-width="3.5" stroke-linecap="round"/>`);
    }
    parts.push(text(x + 36, y + 4.5, item.label, `font-size="13" fill="${INK}"`));
    x += 36 + textWidth(item.label, 13) + 26;
  }
  return `<g class="legend">${parts.join("")}</g>`;
}

/** The whole chart as an SVG document. */
export function writeSvg(plan: ChartPlan): string {
  const { width, height } = plan;
  const maxText = width - 2 * MARGIN;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<rect x="${MARGIN}" y="24" width="56" height="5" fill="${LOOP_COLOR}"/>`,
    text(MARGIN, 64, fitText(plan.title, 28, maxText, true), `font-size="28" font-weight="700" fill="${INK}"`),
    text(MARGIN, 94, fitText(plan.subtitle, 16, maxText), `font-size="16" fill="${MUTED}"`),
  ];
  for (const e of plan.edges) out.push(edgeSvg(e));
  for (const node of plan.nodes) out.push(nodeSvg(node));
  for (const e of plan.edges) out.push(labelSvg(e));
  let y = height - FOOTNOTE_ROW - plan.notes.length * NOTE_ROW - LEGEND_ROW + 14;
  out.push(`<line x1="${MARGIN}" y1="${n(y - 24)}" x2="${width - MARGIN}" y2="${n(y - 24)}" stroke="#e5e7eb"/>`);
  out.push(legendSvg(plan.legend, MARGIN, y));
  y += LEGEND_ROW - 6;
  for (const note of plan.notes) {
    out.push(text(MARGIN, y, fitText(note, 14, maxText), `font-size="14" fill="${INK}"`));
    y += NOTE_ROW;
  }
  out.push(text(MARGIN, height - 16, fitText(plan.footnote, 12, maxText), `font-size="12" fill="#6b7280"`));
  out.push("</svg>");
  return out.join("\n");
}
