/**
 * Group commit: calls made while a batch is being written wait and go together in the next one. A lone
 * call is written at once (after the current event-loop turn), so a quiet dispatcher pays no delay and a
 * busy one pays one statement per batch instead of one per row.
 */
export function groupCommit<T, R>(run: (items: T[]) => Promise<R[]>, maxBatch = 500): (item: T) => Promise<R> {
  type Waiter = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void };
  let queue: Waiter[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const out = await run(batch.map((w) => w.item));
        for (const [i, w] of batch.entries()) w.resolve(out[i] as R);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    scheduled = false;
  }

  return (item: T) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => void flush());
      }
    });
}
