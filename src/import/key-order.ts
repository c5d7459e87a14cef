/**
 * The order of rows by a string key, for inserting them into a B-tree in key order. Sorting with a comparison
 * function calls back into JavaScript for every comparison (a tenth of the writer thread's time in a large
 * import); sorting numbers in a Float64Array runs natively. So keys are sorted four characters at a time: each
 * row becomes one number, those characters above its position in the range, and rows whose four characters
 * tie are sorted by the next four. The result is exactly the comparison sort's: by key (as JavaScript's `<`
 * compares strings), ties in their original order.
 */

/** Positions below this fit beside a 32-bit prefix in a double's 53 bits. */
const POSITIONS = 2 ** 21;
/** Characters a level packs, 8 bits each. */
const WIDTH = 4;
/** Below this many rows a comparison sort costs less than a level of packing. */
const SMALL = 32;

/** Indexes of `keys` in key order; equal keys keep their order. */
export function keyOrder(keys: readonly string[]): number[] {
  const order = Array.from({ length: keys.length }, (_, i) => i);
  if (keys.length >= POSITIONS) compareSort(keys, order, 0, keys.length);
  else sortRange(keys, order, 0, keys.length, 0);
  return order;
}

/** Sorts `order[start, end)` by key, given that the keys there agree on their first `at` characters. */
function sortRange(keys: readonly string[], order: number[], start: number, end: number, at: number): void {
  const n = end - start;
  if (n < 2) return;
  if (n < SMALL) {
    compareSort(keys, order, start, end);
    return;
  }
  const packed = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const key = keys[order[start + j] as number] as string;
    let prefix = 0;
    for (let c = at; c < at + WIDTH; c++) {
      // 0 for past the end, so a key sorts before those it is a prefix of.
      const code = c < key.length ? key.charCodeAt(c) + 1 : 0;
      if (code > 255) {
        compareSort(keys, order, start, end);
        return;
      }
      prefix = prefix * 256 + code;
    }
    packed[j] = prefix * POSITIONS + j;
  }
  packed.sort();
  const before = order.slice(start, end);
  let tieStart = 0;
  let tiePrefix = -2;
  for (let j = 0; j <= n; j++) {
    const v = j < n ? (packed[j] as number) : 0;
    const position = v % POSITIONS;
    const prefix = j < n ? (v - position) / POSITIONS : -1;
    if (prefix !== tiePrefix) {
      // Keys that tie on all four characters and go on past them: sort them by the next four.
      if (j - tieStart > 1 && tiePrefix % 256 !== 0) sortRange(keys, order, start + tieStart, start + j, at + WIDTH);
      tieStart = j;
      tiePrefix = prefix;
    }
    if (j < n) order[start + j] = before[position] as number;
  }
}

function compareSort(keys: readonly string[], order: number[], start: number, end: number): void {
  const part = order.slice(start, end);
  part.sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  for (let j = 0; j < part.length; j++) order[start + j] = part[j] as number;
}
