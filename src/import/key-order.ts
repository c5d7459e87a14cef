/**
 * The order of rows by a string key, for inserting them into a B-tree in key order. Sorting with a comparison
 * function calls back into JavaScript for every comparison, some 17 times a row for a file's 100,000 deals. A
 * radix sort from the first character on instead splits the rows by one character a pass and goes on only within
 * each group that still holds more than a few rows, so it reads about as many characters of a key as tell it from
 * the others: the bench's short ids and reported deals' long ones (`nvidia-openai-10gw`) alike. The result is
 * exactly the comparison sort's: by key (as JavaScript's `<` compares strings), ties in their original order. Keys
 * with characters beyond Latin-1 (Korean, say) are sorted by comparison.
 */

/** Latin-1 characters but ÿ, shifted up by one, and 0 for a position past a key's end. */
const BUCKETS = 256;
/** Groups this small are put in order by insertion, comparing whole keys. */
const SMALL = 24;
/**
 * Past this position a group is sorted by comparison: keys that share longer beginnings are rare, and a group
 * split at every position (keys each a prefix of the next) would otherwise go as deep as its longest key.
 */
const DEEPEST = 64;

/** Indexes of `keys` in key order; equal keys keep their order. */
export function keyOrder(keys: readonly string[]): Int32Array {
  const n = keys.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const sort = new RadixSort(keys, order);
  return sort.group(0, n, 0) ? order : compareSort(keys, order);
}

class RadixSort {
  /** Each row's bucket at the current position, by its place in `order`. */
  private readonly buckets: Uint8Array;
  /** Where the rows of a group go while it is split. */
  private readonly moved: Int32Array;
  /** Where each bucket of a group split at a position ends, one array a position (a group's buckets go on one further). */
  private readonly bounds: Int32Array[] = [];

  constructor(
    private readonly keys: readonly string[],
    private readonly order: Int32Array,
  ) {
    this.buckets = new Uint8Array(keys.length);
    this.moved = new Int32Array(keys.length);
  }

  /**
   * Puts order[lo, hi) in key order, those rows' keys being equal before position `at`; false when a key has a
   * character beyond Latin-1.
   */
  group(lo: number, hi: number, at: number): boolean {
    const { keys, order, buckets } = this;
    for (;;) {
      if (hi - lo <= SMALL) {
        this.insertionSort(lo, hi);
        return true;
      }
      if (at >= DEEPEST) {
        compareSort(keys, order.subarray(lo, hi));
        return true;
      }
      let first = -1;
      let one = true;
      for (let i = lo; i < hi; i++) {
        const key = keys[order[i] as number] as string;
        // 0 for past the end, so a key sorts before those it is a prefix of.
        const bucket = at < key.length ? key.charCodeAt(at) + 1 : 0;
        if (bucket >= BUCKETS) return false;
        buckets[i] = bucket;
        if (first < 0) first = bucket;
        else if (bucket !== first) one = false;
      }
      // Every key ended here: they are equal, and stay in their order.
      if (one && first === 0) return true;
      if (!one) break;
      at++;
    }
    const counts = this.boundsAt(at);
    counts.fill(0);
    for (let i = lo; i < hi; i++) {
      const next = (buckets[i] as number) + 1;
      counts[next] = (counts[next] as number) + 1;
    }
    for (let b = 1; b <= BUCKETS; b++) counts[b] = (counts[b] as number) + (counts[b - 1] as number);
    // counts[b] is now where bucket b starts within the group; moving each row in advances it to where b ends.
    const { moved } = this;
    for (let i = lo; i < hi; i++) {
      const bucket = buckets[i] as number;
      moved[lo + (counts[bucket] as number)] = order[i] as number;
      counts[bucket] = (counts[bucket] as number) + 1;
    }
    order.set(moved.subarray(lo, hi), lo);
    // Bucket 0 holds keys that end here, all equal: their order stands. counts[b - 1] is where bucket b starts.
    for (let b = 1; b < BUCKETS; b++) {
      const start = lo + (counts[b - 1] as number);
      const end = lo + (counts[b] as number);
      if (end - start > 1 && !this.group(start, end, at + 1)) return false;
    }
    return true;
  }

  /** The bucket bounds of groups split at position `at`. */
  private boundsAt(at: number): Int32Array {
    while (this.bounds.length <= at) this.bounds.push(new Int32Array(BUCKETS + 1));
    return this.bounds[at] as Int32Array;
  }

  private insertionSort(lo: number, hi: number): void {
    const { keys, order } = this;
    for (let i = lo + 1; i < hi; i++) {
      const row = order[i] as number;
      const key = keys[row] as string;
      let j = i - 1;
      // Only past larger keys: equal ones keep their order.
      while (j >= lo && (keys[order[j] as number] as string) > key) {
        order[j + 1] = order[j] as number;
        j--;
      }
      order[j + 1] = row;
    }
  }
}

/** By comparison: ties go by index, so the order `order` was left in by a radix sort that gave up does not matter. */
function compareSort(keys: readonly string[], order: Int32Array): Int32Array {
  return order.sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}
