/**
 * A TrueType subsetter just big enough for the charts. resvg re-reads a font file for every glyph it
 * draws, so with the 6 MB Noto Sans KR a chart spent most of its time reading the font. The subset holds
 * only the glyphs of the characters a chart uses, renumbered from 0, with a fresh cmap and metrics: a
 * few dozen KB. Substitution and kerning tables (GSUB, GPOS) are dropped, since they name the old glyph
 * ids; Hangul does not use them, and Latin loses only its kerning pairs.
 */

interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

/** Tables copied as they are; the rest are rebuilt (head, hhea, maxp, post, cmap, hmtx, loca, glyf) or dropped. */
const COPIED_TABLES = ["OS/2", "name", "gasp", "prep", "cvt ", "fpgm"];

function tables(font: Buffer): Map<string, TableRecord> {
  const count = font.readUInt16BE(4);
  const map = new Map<string, TableRecord>();
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = font.toString("latin1", at, at + 4);
    map.set(tag, { tag, offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) });
  }
  return map;
}

function need(map: Map<string, TableRecord>, tag: string): TableRecord {
  const t = map.get(tag);
  if (!t) throw new Error(`font has no ${tag} table`);
  return t;
}

/** Glyph id of each code point, from a format 12 (full Unicode) or format 4 (BMP) cmap subtable. */
function glyphIds(font: Buffer, cmap: TableRecord, codePoints: Iterable<number>): [number, number][] {
  const n = font.readUInt16BE(cmap.offset + 2);
  let f12 = -1;
  let f4 = -1;
  for (let i = 0; i < n; i++) {
    const rec = cmap.offset + 4 + 8 * i;
    const platform = font.readUInt16BE(rec);
    const sub = cmap.offset + font.readUInt32BE(rec + 4);
    const format = font.readUInt16BE(sub);
    if (format === 12 && (platform === 3 || platform === 0)) f12 = sub;
    if (format === 4 && (platform === 3 || platform === 0)) f4 = sub;
  }
  const ids: [number, number][] = [];
  if (f12 >= 0) {
    const groups = font.readUInt32BE(f12 + 12);
    for (const cp of codePoints) {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = f12 + 16 + 12 * mid;
        const start = font.readUInt32BE(g);
        const end = font.readUInt32BE(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else {
          ids.push([cp, font.readUInt32BE(g + 8) + (cp - start)]);
          break;
        }
      }
    }
    return ids;
  }
  if (f4 < 0) throw new Error("font has no usable cmap");
  const segX2 = font.readUInt16BE(f4 + 6);
  const ends = f4 + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  for (const cp of codePoints) {
    if (cp > 0xffff) continue;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > font.readUInt16BE(ends + s)) continue;
      const start = font.readUInt16BE(starts + s);
      if (cp < start) break;
      const delta = font.readInt16BE(deltas + s);
      const rangeOffset = font.readUInt16BE(ranges + s);
      if (rangeOffset === 0) ids.push([cp, (cp + delta) & 0xffff]);
      else {
        const gid = font.readUInt16BE(ranges + s + rangeOffset + 2 * (cp - start));
        if (gid !== 0) ids.push([cp, (gid + delta) & 0xffff]);
      }
      break;
    }
  }
  return ids;
}

/** Adds the components of composite glyphs (transitively). */
function withComponents(
  font: Buffer,
  glyf: number,
  glyphAt: (gid: number) => [number, number],
  ids: Set<number>,
): void {
  const queue = [...ids];
  while (queue.length > 0) {
    const gid = queue.pop() as number;
    const [start, end] = glyphAt(gid);
    if (end - start < 10 || font.readInt16BE(glyf + start) >= 0) continue;
    let p = glyf + start + 10;
    for (;;) {
      const flags = font.readUInt16BE(p);
      const component = font.readUInt16BE(p + 2);
      if (!ids.has(component)) {
        ids.add(component);
        queue.push(component);
      }
      p += 4 + (flags & 0x0001 ? 4 : 2);
      if (flags & 0x0008) p += 2;
      else if (flags & 0x0040) p += 4;
      else if (flags & 0x0080) p += 8;
      if (!(flags & 0x0020)) break;
    }
  }
}

function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word = ((data[i] ?? 0) << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  return sum;
}

/** A format 12 cmap (Windows, full Unicode) mapping each code point to its new glyph id. */
function buildCmap(pairs: readonly [number, number][]): Buffer {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const sub = Buffer.alloc(16 + 12 * sorted.length);
  sub.writeUInt16BE(12, 0);
  sub.writeUInt32BE(sub.length, 4);
  sub.writeUInt32BE(sorted.length, 12);
  sorted.forEach(([cp, gid], i) => {
    sub.writeUInt32BE(cp, 16 + 12 * i);
    sub.writeUInt32BE(cp, 20 + 12 * i);
    sub.writeUInt32BE(gid, 24 + 12 * i);
  });
  const head = Buffer.alloc(12);
  head.writeUInt16BE(1, 2); // one subtable
  head.writeUInt16BE(3, 4); // Windows
  head.writeUInt16BE(10, 6); // full Unicode
  head.writeUInt32BE(12, 8);
  return Buffer.concat([head, sub]);
}

function writeFont(sfntVersion: number, tablesOut: Map<string, Buffer>): Buffer {
  const tags = [...tablesOut.keys()].sort();
  const count = tags.length;
  const pow = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(sfntVersion, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(pow * 16, 6);
  header.writeUInt16BE(Math.log2(pow), 8);
  header.writeUInt16BE(count * 16 - pow * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tags.forEach((tag, i) => {
    const data = tablesOut.get(tag) as Buffer;
    const rec = 12 + 16 * i;
    header.write(tag, rec, 4, "latin1");
    header.writeUInt32BE(checksum(data), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(data.length, rec + 12);
    const padded = Buffer.alloc((data.length + 3) & ~3);
    data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** A font holding only the glyphs of `codePoints` (plus .notdef), renumbered; see the module comment. */
export function subsetFont(font: Buffer, codePoints: Iterable<number>): Buffer {
  const map = tables(font);
  const table = (tag: string): Buffer => {
    const t = need(map, tag);
    return Buffer.from(font.subarray(t.offset, t.offset + t.length));
  };
  const head = need(map, "head");
  const glyf = need(map, "glyf");
  const loca = need(map, "loca");
  const hmtx = need(map, "hmtx");
  const numGlyphs = font.readUInt16BE(need(map, "maxp").offset + 4);
  const numHMetrics = font.readUInt16BE(need(map, "hhea").offset + 34);
  const longLoca = font.readInt16BE(head.offset + 50) === 1;
  const glyphAt = (gid: number): [number, number] =>
    longLoca
      ? [font.readUInt32BE(loca.offset + 4 * gid), font.readUInt32BE(loca.offset + 4 * gid + 4)]
      : [font.readUInt16BE(loca.offset + 2 * gid) * 2, font.readUInt16BE(loca.offset + 2 * gid + 2) * 2];

  const pairs = glyphIds(font, need(map, "cmap"), codePoints).filter(([, g]) => g < numGlyphs);
  const keep = new Set<number>([0, ...pairs.map(([, g]) => g)]);
  withComponents(font, glyf.offset, glyphAt, keep);
  const old = [...keep].sort((a, b) => a - b);
  const newId = new Map(old.map((g, i) => [g, i]));

  const newLoca = Buffer.alloc(4 * (old.length + 1));
  const newHmtx = Buffer.alloc(4 * old.length);
  const pieces: Buffer[] = [];
  let size = 0;
  old.forEach((gid, i) => {
    newLoca.writeUInt32BE(size, 4 * i);
    const metric = Math.min(gid, numHMetrics - 1);
    newHmtx.writeUInt16BE(font.readUInt16BE(hmtx.offset + 4 * metric), 4 * i);
    const lsbAt =
      gid < numHMetrics ? hmtx.offset + 4 * gid + 2 : hmtx.offset + 4 * numHMetrics + 2 * (gid - numHMetrics);
    newHmtx.writeInt16BE(font.readInt16BE(lsbAt), 4 * i + 2);
    const [start, end] = glyphAt(gid);
    if (end <= start) return;
    const piece = Buffer.alloc((end - start + 3) & ~3);
    font.copy(piece, 0, glyf.offset + start, glyf.offset + end);
    if (piece.readInt16BE(0) < 0) renumberComponents(piece, newId);
    pieces.push(piece);
    size += piece.length;
  });
  newLoca.writeUInt32BE(size, 4 * old.length);

  const newHead = table("head");
  newHead.writeUInt32BE(0, 8); // checkSumAdjustment: not needed by renderers
  newHead.writeInt16BE(1, 50); // long loca offsets
  const newHhea = table("hhea");
  newHhea.writeUInt16BE(old.length, 34);
  const newMaxp = table("maxp");
  newMaxp.writeUInt16BE(old.length, 4);
  const newPost = table("post").subarray(0, 32);
  newPost.writeUInt32BE(0x00030000, 0); // no glyph names

  const out = new Map<string, Buffer>([
    ["head", newHead],
    ["hhea", newHhea],
    ["maxp", newMaxp],
    ["post", Buffer.from(newPost)],
    ["cmap", buildCmap(pairs.map(([cp, g]) => [cp, newId.get(g) ?? 0]))],
    ["hmtx", newHmtx],
    ["loca", newLoca],
    ["glyf", Buffer.concat(pieces, size)],
  ]);
  for (const tag of COPIED_TABLES) if (map.has(tag)) out.set(tag, table(tag));
  return writeFont(font.readUInt32BE(0), out);
}

/** Rewrites the component glyph ids of a composite glyph (in place) to their new numbers. */
function renumberComponents(glyph: Buffer, newId: ReadonlyMap<number, number>): void {
  let p = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(p);
    glyph.writeUInt16BE(newId.get(glyph.readUInt16BE(p + 2)) ?? 0, p + 2);
    p += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) p += 2;
    else if (flags & 0x0040) p += 4;
    else if (flags & 0x0080) p += 8;
    if (!(flags & 0x0020)) break;
  }
}
