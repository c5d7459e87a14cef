/**
 * Group commit: calls made while a batch is being written wait and go together in the next one. A lone
 * call is written at once (after the current event-loop turn), so a quiet dispatcher pays no delay and a
 * busy one pays one statement per batch instead of one per row.
 *
 * A call may also say how long it can wait for others to join (`maxWaitMs`): a write that is not needed
 * before a channel's next message — a second away on Slack — then goes in one batch with the rest of the
 * fan-out instead of in many small ones that would take turns with the sends. `flushNow()` ends the wait
 * early, for when nothing is being sent.
 */
export interface GroupCommitOptions<T> {
  /** Most items per write (default 500); more due at once go in several writes. */
  maxBatch?: number;
  /** How long this item may wait for a fuller batch (default 0: the next event-loop turn). */
  maxWaitMs?: (item: T) => number;
}

export interface GroupCommit<T, R> {
  (item: T): Promise<R>;
  /** Writes every waiting call now, however long each may still wait. */
  flushNow(): void;
}

export function groupCommit<T, R>(
  run: (items: T[]) => Promise<R[]>,
  opts: GroupCommitOptions<T> = {},
): GroupCommit<T, R> {
  type Waiter = { item: T; due: number; resolve: (r: R) => void; reject: (err: unknown) => void };
  const maxBatch = opts.maxBatch ?? 500;
  let queue: Waiter[] = [];
  /** When the most urgent queued item must be written (`performance.now()` time). */
  let earliest = Number.POSITIVE_INFINITY;
  let writing = false;
  let timer: { due: number; cancel: () => void } | null = null;

  function schedule(): void {
    if (writing || queue.length === 0) return;
    const due = earliest;
    if (timer && timer.due <= due) return;
    timer?.cancel();
    const wait = due - performance.now();
    if (wait <= 0) {
      const t = setImmediate(() => void flush());
      timer = { due, cancel: () => clearImmediate(t) };
    } else {
      const t = setTimeout(() => void flush(), wait);
      timer = { due, cancel: () => clearTimeout(t) };
    }
  }

  async function flush(): Promise<void> {
    timer = null;
    writing = true;
    // One batch now (a timer may fire a little early), then more while any queued item is due; items
    // that joined during a write and can still wait keep waiting.
    for (let first = true; queue.length > 0; first = false) {
      if (!first && earliest > performance.now()) break;
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      earliest = queue.reduce((m, w) => Math.min(m, w.due), Number.POSITIVE_INFINITY);
      try {
        const out = await run(batch.map((w) => w.item));
        for (const [i, w] of batch.entries()) w.resolve(out[i] as R);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    writing = false;
    schedule();
  }

  const call = (item: T) =>
    new Promise<R>((resolve, reject) => {
      const due = performance.now() + Math.max(0, opts.maxWaitMs?.(item) ?? 0);
      queue.push({ item, due, resolve, reject });
      earliest = Math.min(earliest, due);
      schedule();
    });
  return Object.assign(call, {
    flushNow() {
      if (queue.length === 0) return;
      for (const w of queue) w.due = 0;
      earliest = 0;
      schedule();
    },
  });
}
