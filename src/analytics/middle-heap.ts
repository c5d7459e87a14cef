/**
 * A max-heap of (company, bound) pairs in typed arrays, reused across queries: the middles of a
 * hub's four-company loops, taken heaviest bound first. Filled with `push`, ordered once by `heapify`.
 */
export class MiddleHeap {
  private ids = new Int32Array(1024);
  private bounds = new Float64Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  /** Appends without ordering; call `heapify` before taking. */
  push(id: number, bound: number): void {
    if (this.size === this.ids.length) {
      const ids = new Int32Array(this.size * 2);
      const bounds = new Float64Array(this.size * 2);
      ids.set(this.ids);
      bounds.set(this.bounds);
      this.ids = ids;
      this.bounds = bounds;
    }
    this.ids[this.size] = id;
    this.bounds[this.size] = bound;
    this.size++;
  }

  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  topBound(): number {
    return this.bounds[0] as number;
  }

  /** Removes and returns the company with the largest bound. */
  pop(): number {
    const id = this.ids[0] as number;
    this.size--;
    if (this.size > 0) {
      this.ids[0] = this.ids[this.size] as number;
      this.bounds[0] = this.bounds[this.size] as number;
      this.down(0);
    }
    return id;
  }

  private down(i: number): void {
    const { ids, bounds, size } = this;
    const id = ids[i] as number;
    const b = bounds[i] as number;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && (bounds[r] as number) > (bounds[l] as number) ? r : l;
      if ((bounds[c] as number) <= b) break;
      ids[i] = ids[c] as number;
      bounds[i] = bounds[c] as number;
      i = c;
    }
    ids[i] = id;
    bounds[i] = b;
  }
}
