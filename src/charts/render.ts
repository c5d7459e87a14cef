/**
 * SVG → PNG with resvg and the bundled Noto Sans KR, never system fonts, so every machine draws the
 * same pixels. Each render gets a per-chart subset of the font (see font-subset.ts): resvg re-reads
 * the font file for every glyph, and the full 6 MB file made a chart take several hundred ms.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { subsetFont } from "./font-subset.js";
import { FONT_FAMILY } from "./svg-writer.js";

const require = createRequire(import.meta.url);

let fontFiles: string[] | null = null;
let fontData: Buffer[] | null = null;

/** Paths of the bundled Noto Sans KR TTFs (regular and bold). */
export function chartFontFiles(): string[] {
  fontFiles ??= [
    require.resolve("@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf"),
    require.resolve("@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf"),
  ];
  return fontFiles;
}

function fonts(): Buffer[] {
  fontData ??= chartFontFiles().map((f) => readFileSync(f));
  return fontData;
}

export interface RenderOptions {
  /** Output scale (1 = the SVG's own size). */
  zoom?: number;
}

/** Renders an SVG document to PNG bytes. */
export function renderPng(svg: string, opts: RenderOptions = {}): Uint8Array {
  const codePoints = new Set<number>();
  for (const ch of svg) codePoints.add(ch.codePointAt(0) ?? 0);
  const dir = mkdtempSync(join(tmpdir(), "dealgraph-chart-"));
  try {
    const files = fonts().map((font, i) => {
      const path = join(dir, `font-${i}.ttf`);
      writeFileSync(path, subsetFont(font, codePoints));
      return path;
    });
    const resvg = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: FONT_FAMILY },
      fitTo: opts.zoom && opts.zoom !== 1 ? { mode: "zoom", value: opts.zoom } : { mode: "original" },
      background: "#ffffff",
      logLevel: "off",
    });
    return new Uint8Array(resvg.render().asPng());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
