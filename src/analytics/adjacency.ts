/**
 * Per-company deal lists in compressed form (CSR): one offsets array and, per entry, the deal, the
 * company at the other end, and the fields the loop search filters and weighs by, and exposure sums by.
 * Entries of one company sit next to each other in memory, so walking a hub's thousands of deals reads
 * sequentially instead of jumping across a million-deal table.
 */
export interface Side {
  /** Entries of company c are [offsets[c], offsets[c + 1]). */
  offsets: Int32Array;
  deal: Int32Array;
  /** The company at the other end (−1 for a round with undisclosed investors). */
  other: Int32Array;
  kind: Uint8Array;
  status: Uint8Array;
  observed: Int32Array;
  /** USD low end; NaN when undisclosed or unconvertible. */
  usd: Float64Array;
  /** USD high end, the low end when the amount is exact (see DealGraph.usdMax). */
  usdMax: Float64Array;
}

export interface Adjacency {
  out: Side;
  in: Side;
}

export interface DealColumns {
  size: number;
  ids: readonly string[];
  from: Int32Array;
  to: Int32Array;
  kind: Uint8Array;
  status: Uint8Array;
  observed: Int32Array;
  usd: Float64Array;
  usdMax: Float64Array;
}

function buildSide(companies: number, d: DealColumns, key: Int32Array, other: Int32Array, order: Int32Array): Side {
  const offsets = new Int32Array(companies + 1);
  for (let i = 0; i < d.size; i++) {
    const c = key[i] as number;
    if (c >= 0) offsets[c + 1] = (offsets[c + 1] as number) + 1;
  }
  for (let c = 0; c < companies; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number);
  const n = offsets[companies] as number;
  const side: Side = {
    offsets,
    deal: new Int32Array(n),
    other: new Int32Array(n),
    kind: new Uint8Array(n),
    status: new Uint8Array(n),
    observed: new Int32Array(n),
    usd: new Float64Array(n),
    usdMax: new Float64Array(n),
  };
  const cursor = offsets.slice(0, companies);
  for (let r = 0; r < d.size; r++) {
    const i = order[r] as number;
    const c = key[i] as number;
    if (c < 0) continue;
    const k = cursor[c] as number;
    cursor[c] = k + 1;
    side.deal[k] = i;
    side.other[k] = other[i] as number;
    side.kind[k] = d.kind[i] as number;
    side.status[k] = d.status[i] as number;
    side.observed[k] = d.observed[i] as number;
    side.usd[k] = d.usd[i] as number;
    side.usdMax[k] = d.usdMax[i] as number;
  }
  return side;
}

/**
 * Builds both directions, each company's deals in `idOrder`: what a walk cut short by its work limit finds then
 * depends on the deals alone, not on the order they were stored or loaded in.
 */
export function buildAdjacency(companies: number, d: DealColumns): Adjacency {
  const order = idOrder(d.ids, d.size);
  return { out: buildSide(companies, d, d.from, d.to, order), in: buildSide(companies, d, d.to, d.from, order) };
}

/** A 32-bit FNV-1a hash of a deal id's UTF-16 code units. */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/**
 * The first `size` deal indexes in an order fixed by their ids alone: by a 32-bit hash of the id (FNV-1a), ties
 * by id. A hash rather than the ids themselves: two passes of a radix sort over a million deals, however long
 * their ids.
 */
export function idOrder(ids: readonly string[], size: number): Int32Array {
  const hash = new Uint32Array(size);
  for (let i = 0; i < size; i++) hash[i] = idHash(ids[i] as string);
  let order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  let next = new Int32Array(size);
  const counts = new Int32Array(0x10001);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < size; i++) {
      const b = ((hash[i] as number) >>> shift) & 0xffff;
      counts[b + 1] = (counts[b + 1] as number) + 1;
    }
    for (let b = 1; b <= 0x10000; b++) counts[b] = (counts[b] as number) + (counts[b - 1] as number);
    for (let r = 0; r < size; r++) {
      const i = order[r] as number;
      const b = ((hash[i] as number) >>> shift) & 0xffff;
      const to = counts[b] as number;
      counts[b] = to + 1;
      next[to] = i;
    }
    [order, next] = [next, order];
  }
  // Ids that share a hash (about a hundred pairs among a million ids) are put in id order.
  for (let r = 0; r < size; ) {
    const h = hash[order[r] as number];
    let end = r + 1;
    while (end < size && hash[order[end] as number] === h) end++;
    if (end - r > 1)
      order.subarray(r, end).sort((a, b) => {
        const x = ids[a] as string;
        const y = ids[b] as string;
        return x < y ? -1 : x > y ? 1 : 0;
      });
    r = end;
  }
  return order;
}

/** Copies a deal's changed kind, status, date and amount into its entries (its parties unchanged). */
export function patchAdjacency(adj: Adjacency, d: DealColumns, i: number): void {
  const patch = (side: Side, c: number) => {
    if (c < 0) return;
    const end = side.offsets[c + 1] as number;
    for (let k = side.offsets[c] as number; k < end; k++) {
      if (side.deal[k] !== i) continue;
      side.kind[k] = d.kind[i] as number;
      side.status[k] = d.status[i] as number;
      side.observed[k] = d.observed[i] as number;
      side.usd[k] = d.usd[i] as number;
      side.usdMax[k] = d.usdMax[i] as number;
      return;
    }
  };
  patch(adj.out, d.from[i] as number);
  patch(adj.in, d.to[i] as number);
}
