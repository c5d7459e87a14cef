/**
 * SVG → PNG with resvg and the bundled Noto Sans KR, never system fonts, so every machine draws the
 * same pixels. Each render gets a per-chart subset of the font (see font-subset.ts), written to a
 * scratch directory and removed after: resvg re-reads the font file for every glyph, and the full
 * 6 MB file made a chart take several hundred ms.
 */
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resvg, type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
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

function resvgOptions(files: string[], opts: RenderOptions): ResvgRenderOptions {
  return {
    font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: FONT_FAMILY },
    fitTo: opts.zoom && opts.zoom !== 1 ? { mode: "zoom", value: opts.zoom } : { mode: "original" },
    background: "#ffffff",
    logLevel: "off",
  };
}

let scratch: string | null = null;

/** A memory-backed directory when the system has one (Linux /dev/shm), else the temp directory. */
function scratchRoot(): string {
  if (scratch === null) {
    scratch = tmpdir();
    try {
      accessSync("/dev/shm", constants.W_OK);
      scratch = "/dev/shm";
    } catch {
      // no tmpfs: the temp directory will do
    }
  }
  return scratch;
}

/** Writes the font subsets `svg` needs into a fresh temporary directory. */
function writeSubsets(svg: string): { dir: string; files: string[] } {
  const codePoints = new Set<number>();
  for (const ch of svg) codePoints.add(ch.codePointAt(0) ?? 0);
  const dir = mkdtempSync(join(scratchRoot(), "dealgraph-chart-"));
  const files = fonts().map((font, i) => {
    const path = join(dir, `font-${i}.ttf`);
    writeFileSync(path, subsetFont(font, codePoints));
    return path;
  });
  return { dir, files };
}

/** Renders an SVG document to PNG bytes. */
export function renderPng(svg: string, opts: RenderOptions = {}): Uint8Array {
  const { dir, files } = writeSubsets(svg);
  try {
    return new Uint8Array(new Resvg(svg, resvgOptions(files, opts)).render().asPng());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Like renderPng, but rasterises on a libuv worker thread so a bot's event loop stays responsive. */
export async function renderPngAsync(svg: string, opts: RenderOptions = {}): Promise<Uint8Array> {
  const { dir, files } = writeSubsets(svg);
  try {
    const image = await renderAsync(svg, resvgOptions(files, opts));
    return new Uint8Array(image.asPng());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
