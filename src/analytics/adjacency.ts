/**
 * Per-company deal lists in compressed form (CSR): one offsets array and, per entry, the deal, the
 * company at the other end, and the fields the loop search filters and weighs by. Entries of one
 * company sit next to each other in memory, so walking a hub's thousands of deals reads sequentially
 * instead of jumping across a million-deal table.
 */
export interface Side {
  /** Entries of company c are [offsets[c], offsets[c + 1]). */
  offsets: Int32Array;
  deal: Int32Array;
  /** The company at the other end (−1 for a round with undisclosed investors). */
  other: Int32Array;
  status: Uint8Array;
  observed: Int32Array;
  /** USD low end; NaN when undisclosed or unconvertible. */
  usd: Float64Array;
}

export interface Adjacency {
  out: Side;
  in: Side;
}

export interface DealColumns {
  size: number;
  from: Int32Array;
  to: Int32Array;
  status: Uint8Array;
  observed: Int32Array;
  usd: Float64Array;
}

function buildSide(companies: number, d: DealColumns, key: Int32Array, other: Int32Array): Side {
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
    status: new Uint8Array(n),
    observed: new Int32Array(n),
    usd: new Float64Array(n),
  };
  const cursor = offsets.slice(0, companies);
  for (let i = 0; i < d.size; i++) {
    const c = key[i] as number;
    if (c < 0) continue;
    const k = cursor[c] as number;
    cursor[c] = k + 1;
    side.deal[k] = i;
    side.other[k] = other[i] as number;
    side.status[k] = d.status[i] as number;
    side.observed[k] = d.observed[i] as number;
    side.usd[k] = d.usd[i] as number;
  }
  return side;
}

/** Builds both directions in deal order (a company's deals stay in the order they were added). */
export function buildAdjacency(companies: number, d: DealColumns): Adjacency {
  return { out: buildSide(companies, d, d.from, d.to), in: buildSide(companies, d, d.to, d.from) };
}

/** Copies a deal's changed status, date and amount into its entries (its parties unchanged). */
export function patchAdjacency(adj: Adjacency, d: DealColumns, i: number): void {
  const patch = (side: Side, c: number) => {
    if (c < 0) return;
    const end = side.offsets[c + 1] as number;
    for (let k = side.offsets[c] as number; k < end; k++) {
      if (side.deal[k] !== i) continue;
      side.status[k] = d.status[i] as number;
      side.observed[k] = d.observed[i] as number;
      side.usd[k] = d.usd[i] as number;
      return;
    }
  };
  patch(adj.out, d.from[i] as number);
  patch(adj.in, d.to[i] as number);
}
