import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FileOutcome, importFiles } from "../../src/import/import-files.js";
import type { ImportSummary } from "../../src/import/types.js";
import type { Store } from "../../src/store/db.js";
import { listDeals } from "../../src/store/deal-repository.js";
import { eventsAfter, latestSeq } from "../../src/store/event-repository.js";
import { importSample, openTestStore, SAMPLE_PATH, type TestStore } from "../helpers/store.js";

const CHILD = join(dirname(fileURLToPath(import.meta.url)), "import-child.ts");

/** An NDJSON file of `n` new deals between sample companies, ids prefixed so files do not overlap. */
function bulkFile(dir: string, prefix: string, n: number): string {
  const ids = ["nvidia", "openai", "oracle", "amd", "coreweave", "microsoft", "amazon", "softbank"];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        type: "deal",
        deal: `${prefix}-${i}`,
        observed_on: `2026-0${1 + (i % 9)}-1${i % 10}`,
        kind: "purchase",
        from: ids[i % ids.length],
        to: ids[(i + 3) % ids.length],
        amount: { value: 1e6 * (1 + (i % 1000)), currency: "USD", qualifier: "exact" },
        status: "announced",
        source: { publisher: "Wire", lang: "en" },
      }),
    );
  }
  const path = join(dir, `${prefix}.ndjson`);
  writeFileSync(path, lines.join("\n"));
  return path;
}

/**
 * An NDJSON file reporting deals `${prefix}-${from}` to `${prefix}-${to - 1}` in `month` (2026), each at an
 * amount that grows with the month: reports of deals an earlier file added change their amounts.
 */
function monthFile(dir: string, prefix: string, from: number, to: number, month: number): string {
  const ids = ["nvidia", "openai", "oracle", "amd", "coreweave", "microsoft", "amazon", "softbank"];
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    lines.push(
      JSON.stringify({
        type: "deal",
        deal: `${prefix}-${i}`,
        observed_on: `2026-0${month}-1${i % 10}`,
        kind: "purchase",
        from: ids[i % ids.length],
        to: ids[(i + 3) % ids.length],
        amount: { value: 1e6 * month * (1 + (i % 1000)), currency: "USD", qualifier: "exact" },
        status: "announced",
        source: { publisher: "Wire", lang: "en" },
      }),
    );
  }
  const path = join(dir, `${prefix}-${month}.ndjson`);
  writeFileSync(path, lines.join("\n"));
  return path;
}

/** What the child prints: an import's summary, or for several files their outcomes. */
function importInChild<T = ImportSummary>(dbPath: string, ...files: string[]): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, dbPath, ...files], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) =>
      code === 0 ? resolvePromise(JSON.parse(out) as T) : reject(new Error(`import exited ${code}: ${err}`)),
    );
  });
}

describe("SQLite store shared with a CLI import (WAL)", () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore("sqlite");
    await importSample(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it("readers keep reading while another process imports, and see the import whole or not at all", async () => {
    const path = store.path as string;
    const file = bulkFile(dirname(path), "bulk", 8_000);
    const running = importInChild(path, file);
    let done = false;
    void running.finally(() => (done = true)).catch(() => undefined);

    const seen = new Set<number>();
    let reads = 0;
    while (!done) {
      seen.add(await latestSeq(store.db));
      expect((await eventsAfter(store.db, 20, 2)).length).toBe(2);
      reads++;
      await new Promise((r) => setTimeout(r, 5));
    }
    const summary = await running;
    expect(summary.events.deal_added).toBe(8_000);
    seen.add(await latestSeq(store.db));
    expect(reads).toBeGreaterThan(0);
    // Never a partial import: only "before" (24) or "after" (24 + 8,000) is ever visible.
    expect([...seen].every((s) => s === 24 || s === 8_024)).toBe(true);
    expect(await latestSeq(store.db)).toBe(8_024);
  });

  it("two processes importing at once both succeed; each import's events are one unbroken run", async () => {
    const path = store.path as string;
    const a = bulkFile(dirname(path), "a", 3_000);
    const b = bulkFile(dirname(path), "b", 3_000);
    const [ra, rb] = await Promise.all([importInChild(path, a), importInChild(path, b)]);
    const runs = [ra, rb].map((r) => [r.firstSeq as number, r.lastSeq as number] as const).sort((x, y) => x[0] - y[0]);
    expect(runs[0]?.[0]).toBe(25);
    expect(runs[1]?.[0]).toBe((runs[0]?.[1] ?? 0) + 1);
    expect(runs[1]?.[1]).toBe(6_024);
    expect((await listDeals(store.db, { includeCancelled: true })).length).toBe(6_020);
  });

  it("two processes each importing a run of files at once leave what importing the files one by one does", async () => {
    const path = store.path as string;
    const dir = dirname(path);
    // Each run adds deals, then revises them in the next files while adding more.
    const runs = ["a", "b"].map((p) => [
      monthFile(dir, p, 0, 2_000, 1),
      monthFile(dir, p, 0, 3_000, 2),
      monthFile(dir, p, 1_000, 4_000, 3),
    ]);
    const [ra, rb] = await Promise.all(runs.map((files) => importInChild<FileOutcome[]>(path, ...files)));

    const summaries = [...(ra ?? []), ...(rb ?? [])].map((o) => {
      if (!o.ok) throw new Error(o.problems.join("\n"));
      return o.summary;
    });
    // Each file's events are one unbroken run, and the runs together are every seq after the sample's.
    const spans = summaries
      .map((s) => [s.firstSeq as number, s.lastSeq as number] as const)
      .sort((x, y) => x[0] - y[0]);
    let next = 25;
    for (const [first, last] of spans) {
      expect(first).toBe(next);
      next = last + 1;
    }
    expect(await latestSeq(store.db)).toBe(next - 1);

    const apart = await openTestStore("sqlite");
    try {
      await importSample(apart);
      await importFiles(apart, runs.flat(), { writerThread: false });
      const [together, alone] = await Promise.all([store, apart].map(contents));
      expect(together).toEqual(alone);
    } finally {
      await apart.close();
    }
  });

  it("two processes creating the same new database file at once both succeed", async () => {
    const fresh = join(dirname(store.path as string), "fresh.db");
    const [a, b] = await Promise.all([importInChild(fresh, SAMPLE_PATH), importInChild(fresh, SAMPLE_PATH)]);
    // One of them imported the sample; the other found every observation already there.
    expect([a.events.deal_added, b.events.deal_added].sort()).toEqual([0, 20]);
    expect([a.observations.duplicate, b.observations.duplicate].sort()).toEqual([0, 23]);
  });
});

/** The store's deals, observations and events, leaving out what depends on the order imports ran in. */
async function contents(store: Store) {
  const deals = await store.db.selectFrom("deals").selectAll().orderBy("id").execute();
  const observations = await store.db
    .selectFrom("observations")
    .select(["deal_id", "observed_on", "fingerprint", "body", "publisher", "url", "lang"])
    .orderBy("deal_id")
    .orderBy("fingerprint")
    .execute();
  const events = await store.db
    .selectFrom("events")
    .select(["type", "deal_id", "observed_on", "old_json", "new_json", "fingerprint"])
    .orderBy("deal_id")
    .orderBy("observed_on")
    .orderBy("type")
    .execute();
  return { deals: deals.map(({ updated_seq: _, ...d }) => d), observations, events };
}
