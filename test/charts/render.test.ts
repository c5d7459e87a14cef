import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { afterAll, describe, expect, it } from "vitest";
import { subsetFont } from "../../src/charts/font-subset.js";
import {
  buildExposureSvg,
  chartFontFiles,
  renderCyclesChart,
  renderExposureChart,
  renderPng,
  renderPngAsync,
} from "../../src/charts/index.js";
import { FONT_FAMILY } from "../../src/charts/svg-writer.js";
import { sampleCycles, sampleExposure, sampleGraph } from "./sample-graph.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** RGBA pixels of a label drawn alone on a transparent canvas with the bundled font. */
function labelPixels(label: string, fontFiles = chartFontFiles()): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="40"><text x="4" y="28" font-size="24" font-family="${FONT_FAMILY}">${label}</text></svg>`;
  const r = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY } });
  return r.render().pixels;
}

const inked = (px: Buffer): number => {
  let n = 0;
  for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) n++;
  return n;
};

/** First and last pixel columns with ink, of a 320-px-wide label. */
function inkedColumns(px: Buffer): [number, number] {
  let first = -1;
  let last = -1;
  for (let i = 3; i < px.length; i += 4) {
    if ((px[i] ?? 0) === 0) continue;
    const x = ((i - 3) / 4) % 320;
    if (first < 0 || x < first) first = x;
    if (x > last) last = x;
  }
  return [first, last];
}

describe("renderPng", () => {
  it("renders the Nvidia exposure chart as a PNG of the SVG's size", () => {
    const graph = sampleGraph();
    const { result, info } = sampleExposure(graph, "nvidia");
    const png = renderExposureChart(result, info, "ko");
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 1280, height: 900 });
    expect(png.byteLength).toBeLessThan(400 * 1024);
  });

  it("renders the cycles chart taller, to fit the list of loops", () => {
    const graph = sampleGraph();
    const { result, info } = sampleCycles(graph);
    const png = renderCyclesChart(result, info, "en");
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png).width).toBe(1280);
    expect(pngSize(png).height).toBeGreaterThan(900);
  });

  it("renders the same PNG off the main thread (renderPngAsync)", async () => {
    const { result, info } = sampleExposure(sampleGraph(), "openai");
    const svg = buildExposureSvg(result, info, "en");
    expect(await renderPngAsync(svg)).toEqual(renderPng(svg));
  });

  it("zooms when asked", () => {
    const png = renderPng(`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"></svg>`, { zoom: 2 });
    expect(pngSize(png)).toEqual({ width: 200, height: 100 });
  });

  it("is byte-for-byte the same on a second render (no system fonts involved)", () => {
    const { result, info } = sampleCycles(sampleGraph());
    expect(renderCyclesChart(result, info, "ko")).toEqual(renderCyclesChart(result, info, "ko"));
  });
});

describe("Korean text with the bundled Noto Sans KR", () => {
  it("draws Hangul glyphs, not blanks", () => {
    expect(inked(labelPixels("엔비디아"))).toBeGreaterThan(100);
  });

  it("draws different syllables differently (no identical fallback boxes)", () => {
    const a = labelPixels("엔비디아");
    const b = labelPixels("오라클");
    expect(a.equals(b)).toBe(false);
    expect(labelPixels("가").equals(labelPixels("각"))).toBe(false);
  });
});

describe("subsetFont", () => {
  const full = chartFontFiles()[0] as string;
  const dir = mkdtempSync(join(tmpdir(), "chart-font-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function subsetFile(text: string): string {
    const path = join(dir, `${text.length}-${[...text].map((c) => c.codePointAt(0)).join("-")}.ttf`);
    writeFileSync(path, subsetFont(readFileSync(full), new Set([...text].map((c) => c.codePointAt(0) ?? 0))));
    return path;
  }

  // The subset draws the same glyphs at the same places; Latin next to digits may shift by a
  // fraction of a pixel (anti-aliasing differs), never by a glyph.
  it.each(["엔비디아", "OpenAI $100B", "최대 1,000억 달러"])("draws %s as the full font does", (label) => {
    const a = labelPixels(label, [subsetFile(label)]);
    const b = labelPixels(label);
    expect(inkedColumns(a)).toEqual(inkedColumns(b));
    expect(Math.abs(inked(a) - inked(b))).toBeLessThan(inked(b) * 0.03);
  });

  it("is a small fraction of the full font", () => {
    const size = subsetFont(
      readFileSync(full),
      new Set([..."엔비디아 OpenAI"].map((c) => c.codePointAt(0) ?? 0)),
    ).length;
    expect(size).toBeLessThan(readFileSync(full).length / 10);
  });

  it("holds only the characters asked for: any other draws as the same missing-glyph box", () => {
    const font = [subsetFile("엔비디아")];
    expect(labelPixels("오라클", font).equals(labelPixels("가나다", font))).toBe(true);
    expect(labelPixels("엔비디아", font).equals(labelPixels("가나다라", font))).toBe(false);
  });
});
