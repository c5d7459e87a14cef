/**
 * Splitting long messages for platforms with size limits. Text splits at paragraph, line, sentence
 * or word boundaries; list items are atomic (a chunk holds whole items only); pages are packed
 * greedily and later pages are marked as continuations in the message's language.
 */
import type { NeutralMessage } from "./message.js";

const HANGUL = /[\uac00-\ud7a3]/;

/** `(계속)` for a Korean message, `(cont.)` otherwise. */
export function continuationLabel(msg: NeutralMessage): string {
  const head = msg.blocks.find((b) => b.type === "header");
  const probe = `${msg.summary} ${head && "text" in head ? head.text : ""}`;
  return HANGUL.test(probe) ? "(계속)" : "(cont.)";
}

/** Cuts `text` to at most `max` characters, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

const BOUNDARIES = ["\n\n", "\n", ". ", "다. ", "; ", ", ", " "];

/** Splits text into pieces of at most `max` characters, preferring the latest natural boundary. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = -1;
    for (const b of BOUNDARIES) {
      const at = rest.lastIndexOf(b, max - b.length);
      if (at > max / 3) {
        cut = at + b.length;
        break;
      }
    }
    if (cut <= 0) cut = max;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/**
 * Groups lines into chunks whose `\n`-joined length stays within `max`; a line is never split
 * (one longer than `max` on its own is truncated, the only way it can be shown at all).
 */
export function chunkLines(lines: string[], max: number, firstReserve = 0): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const raw of lines) {
    const limit = chunks.length === 0 ? max - firstReserve : max;
    const line = truncate(raw, limit);
    const added = current.length === 0 ? line.length : line.length + 1;
    if (current.length > 0 && size + added > limit) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(line);
    size += current.length === 1 ? line.length : line.length + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Packs units into pages: `fits(page, unit)` says whether one more unit fits a page. A unit that
 * does not fit even an empty page still gets a page of its own.
 */
export function packPages<T>(units: T[], fits: (page: T[], unit: T, pageIndex: number) => boolean): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  for (const u of units) {
    if (page.length > 0 && !fits(page, u, pages.length)) {
      pages.push(page);
      page = [];
    }
    page.push(u);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
