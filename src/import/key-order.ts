/**
 * The order of rows by a string key, for inserting them into a B-tree in key order. Sorting with a comparison
 * function calls back into JavaScript for every comparison, some 17 times a row for a file's 100,000 deals;
 * a radix sort reads each key's characters once a pass, from the last position to the first, and keeps equal
 * keys in their order. The result is exactly the comparison sort's: by key (as JavaScript's `<` compares
 * strings), ties in their original order. Keys with characters beyond Latin-1 (Korean, say), or long ones
 * (where passes would outnumber comparisons), are sorted by comparison.
 */

/** Keys longer than this are sorted by comparison. */
const RADIX_MAX_LENGTH = 24;
/** Latin-1 characters but ÿ, shifted up by one, and 0 for a position past a key's end; Uint8Array holds each. */
const BUCKETS = 256;

/** Indexes of `keys` in key order; equal keys keep their order. */
export function keyOrder(keys: readonly string[]): Int32Array {
  const n = keys.length;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, (keys[i] as string).length);
  if (longest > RADIX_MAX_LENGTH) return compareSort(keys, order);
  let next = new Int32Array(n);
  const counts = new Int32Array(BUCKETS + 1);
  // Each row's bucket in this pass, by its place in `order`.
  const buckets = new Uint8Array(n);
  for (let at = longest - 1; at >= 0; at--) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const key = keys[order[i] as number] as string;
      // 0 for past the end, so a key sorts before those it is a prefix of.
      const bucket = at < key.length ? key.charCodeAt(at) + 1 : 0;
      if (bucket >= BUCKETS) return compareSort(keys, order);
      buckets[i] = bucket;
      counts[bucket + 1] = (counts[bucket + 1] as number) + 1;
    }
    for (let b = 1; b <= BUCKETS; b++) counts[b] = (counts[b] as number) + (counts[b - 1] as number);
    for (let i = 0; i < n; i++) {
      const bucket = buckets[i] as number;
      const to = counts[bucket] as number;
      counts[bucket] = to + 1;
      next[to] = order[i] as number;
    }
    [order, next] = [next, order];
  }
  return order;
}

function compareSort(keys: readonly string[], order: Int32Array): Int32Array {
  return order.sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}
