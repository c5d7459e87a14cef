/**
 * The main thread's side of the SQLite writer thread (writer-thread.ts): one thread per store, started
 * on the first large import and stopped when the store closes. Chunks are posted without waiting, up to
 * a few ahead, so planning and writing overlap.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { onStoreClose, rawHandle, type Store } from "../store/db.js";
import type { WriterReply, WriterRequest } from "./writer-protocol.js";

/**
 * Chunks posted but not yet written before the planner waits: bounds the memory held in messages, at about
 * 240,000 rows (CHUNK_ROWS each), a large file's worth, so the writer has work while the next file is read.
 */
const MAX_AHEAD = 120;

type Waiter = { resolve: (r: WriterReply) => void; reject: (e: Error) => void };

export class ImportWriter {
  /** Replies arrive in request order; each request that gets one waits here. */
  private readonly waiting: Waiter[] = [];
  /** Chunks posted, oldest first, up to MAX_AHEAD (some may be written already, their replies not yet read). */
  private readonly posted: Promise<unknown>[] = [];
  private dead: Error | null = null;
  /** Whether anything was ever asked of it (a thread started ahead may still be booting, unused). */
  private used = false;

  constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on("message", (reply: WriterReply) => {
      this.waiting.shift()?.resolve(reply);
      if (this.waiting.length === 0) worker.unref();
    });
    const fail = (err: Error) => {
      this.dead ??= err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`import writer thread exited (code ${code})`)));
  }

  /** Sends `req` and resolves with its reply; a `failed` reply rejects. */
  request(req: WriterRequest): Promise<WriterReply> {
    if (this.dead) return Promise.reject(this.dead);
    this.used = true;
    // Referenced while an answer is awaited, so the process does not exit under a running import.
    this.worker.ref();
    // Posted outside the promise's executor: a closure there would keep `req` (a chunk's rows, copied into the
    // message already) alive in the waiter until the answer comes.
    const answered = new Promise<WriterReply>((resolve, reject) => {
      this.waiting.push({
        resolve: (r) => (r.type === "failed" ? reject(new Error(r.message)) : resolve(r)),
        reject,
      });
    });
    this.worker.postMessage(req);
    return answered;
  }

  /**
   * Posts a chunk; waits only while more than MAX_AHEAD chunks are posted and not yet written, for the oldest
   * of them, so the writer always has the rest to go on with.
   */
  async chunk(req: Extract<WriterRequest, { type: "chunk" }>): Promise<void> {
    const written = this.request(req);
    written.catch(() => undefined); // its failure is reported at commit
    this.posted.push(written);
    while (this.posted.length > MAX_AHEAD) await this.posted.shift()?.catch(() => undefined);
  }

  /** The company id of each of `keys` in the store, or null (see ParseFileOptions.lookUpAhead). */
  async companyKeys(keys: string[]): Promise<(string | null)[]> {
    const reply = await this.request({ type: "companyKeys", keys });
    if (reply.type !== "companyKeys") throw new Error(`import writer: unexpected reply ${reply.type}`);
    return reply.ids;
  }

  send(req: Extract<WriterRequest, { type: "deals" }>): void {
    if (!this.dead) this.worker.postMessage(req);
  }

  get alive(): boolean {
    return this.dead === null;
  }

  async close(): Promise<void> {
    if (this.dead) return;
    if (this.used) await this.request({ type: "close" }).catch(() => undefined);
    await this.worker.terminate();
  }
}

const writers = new WeakMap<Store["db"], ImportWriter>();

/** The store's writer thread, or null when the store is not a SQLite file (in memory, or PostgreSQL). */
export function importWriter(store: Store): ImportWriter | null {
  const raw = rawHandle(store);
  if (raw?.dialect !== "sqlite" || raw.sqlite.memory) return null;
  let writer = writers.get(store.db);
  if (!writer?.alive) {
    writer = new ImportWriter(startWorker(raw.sqlite.name));
    writers.set(store.db, writer);
    const started = writer;
    onStoreClose(store, () => started.close());
  }
  return writer;
}

/**
 * Young generation of the writer's heap (MB; V8 splits it into two 64 MB semi-spaces and a large-object
 * space). Each chunk it receives is garbage once written: with room for several chunks, most die before a
 * collection looks at them. V8's default (16 MB semi-spaces) made the writer spend 0.9 s of a 1.1M-row import
 * copying them; 0.2 s with this.
 */
const YOUNG_GENERATION_MB = 192;

function startWorker(path: string): Worker {
  const self = fileURLToPath(import.meta.url);
  const entry = new URL(`./writer-thread${self.slice(self.lastIndexOf("."))}`, import.meta.url);
  const options = { workerData: { path }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } };
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, options);
  // A worker thread does not inherit the TypeScript loader: register tsx in it before loading the entry.
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
