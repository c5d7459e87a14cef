/**
 * The batched queue writes a fan-out uses: each row in a batch gets exactly what a single-row write would
 * give it — its own refs, its own watermark, nothing for rows another process has taken over.
 */
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupCommit } from "../../src/delivery/group-commit.js";
import { enqueue, getOutboxRow, type OutboxRow } from "../../src/delivery/outbox.js";
import {
  claimDueHeads,
  claimHeadsOf,
  claimMany,
  markSentMany,
  recordPartsMany,
} from "../../src/delivery/queue-batch.js";
import { advanceWatermark, getWatermark } from "../../src/store/channel-repository.js";
import { dialects, openTestStore, type TestStore } from "../helpers/store.js";
import { sampleDigest } from "./helpers.js";

const LEASE = 60_000;

describe.each(dialects())("batched outbox writes on %s", (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  /** Digests for channels C1…Cn (seq 10 + i), plus whatever `extra` rows, in this order. */
  async function queue(channels: string[], extra: { key: string; channel: string }[] = []): Promise<number[]> {
    for (const [i, ch] of channels.entries()) {
      await enqueue(store.db, {
        key: `digest:slack:${ch}:w`,
        channel: `slack:${ch}`,
        kind: "digest",
        message: sampleDigest("en", i, 2),
        watermarkSeq: 10 + i,
      });
    }
    for (const e of extra) await enqueue(store.db, { ...e, kind: "alert", message: sampleDigest("ko", 0, 1) });
    const rows = await store.db.selectFrom("outbox").select("id").orderBy("id").execute();
    return rows.map((r) => Number(r.id));
  }

  it("claims due channel heads oldest first, up to the limit, past excluded channels and rows held elsewhere", async () => {
    const ids = await queue(["C1", "C2", "C3", "C4", "C5"], [{ key: "alert:s1:e1", channel: "slack:C1" }]);
    const now = Date.now();
    await claimMany(store.db, [ids[3] as number], "B", now, LEASE);

    const first = await claimDueHeads(store.db, "A", now, LEASE, 2, new Set(["slack:C2"]));
    expect(first.map((r) => r.channel)).toEqual(["slack:C1", "slack:C3"]);
    expect(first.every((r) => r.status === "sending" && r.leaseOwner === "A")).toBe(true);
    // C1's alert waits behind C1's digest, which A now holds; C4 is B's.
    const rest = await claimDueHeads(store.db, "A", now, LEASE, 10);
    expect(rest.map((r) => r.id)).toEqual([ids[1], ids[4]]);
    expect(await claimDueHeads(store.db, "A", now, LEASE, 10)).toEqual([]);
  });

  // SQLite's single writer; PostgreSQL's row locks do not block an empty claim.
  it.skipIf(dialect !== "sqlite")(
    "finds nothing due without waiting for the write lock another process holds",
    async () => {
      if (!store.path) throw new Error("a SQLite test store has a path");
      await queue(["C1"]);
      await claimDueHeads(store.db, "A", Date.now(), LEASE, 10);
      // An import in another process holds the write lock (busy_timeout is 10 s).
      const importer = new Database(store.path);
      importer.exec("begin immediate");
      try {
        const started = performance.now();
        expect(await claimDueHeads(store.db, "B", Date.now(), LEASE, 10)).toEqual([]);
        expect(performance.now() - started).toBeLessThan(2_000);
      } finally {
        importer.exec("rollback");
        importer.close();
      }
    },
  );

  it("marks a batch sent with each row's own refs and watermark, skipping a row another process took over", async () => {
    const ids = await queue(["C1", "C2", "C3"], [{ key: "alert:s1:e1", channel: "slack:C1" }]);
    const now = Date.now();
    const held = await claimMany(store.db, ids, "A", now, LEASE);
    expect(held.map((r) => r.id)).toEqual(ids);
    // C2's lease runs out and process B takes the row over.
    const [taken] = await claimMany(store.db, [ids[1] as number], "B", now + LEASE + 1, LEASE);
    expect(taken).toMatchObject({ leaseOwner: "B", uncertain: true });

    const sent = await markSentMany(
      store.db,
      "A",
      held.map((row) => ({ row, refs: [`ts-${row.id}-0`, `ts-${row.id}-1`] })),
    );
    expect([...sent].sort((a, b) => a - b)).toEqual([ids[0], ids[2], ids[3]]);
    for (const id of [ids[0], ids[2], ids[3]] as number[]) {
      expect(await getOutboxRow(store.db, id)).toMatchObject({
        status: "sent",
        partsSent: 2,
        refs: [`ts-${id}-0`, `ts-${id}-1`],
        leaseOwner: null,
      });
    }
    expect(await getOutboxRow(store.db, ids[1] as number)).toMatchObject({ status: "sending", leaseOwner: "B" });
    expect(await getWatermark(store.db, "slack:C1")).toBe(10);
    expect(await getWatermark(store.db, "slack:C2")).toBe(0);
    expect(await getWatermark(store.db, "slack:C3")).toBe(12);
  });

  it("never moves a watermark back when an older digest is confirmed late", async () => {
    const ids = await queue(["C1", "C2"]);
    await advanceWatermark(store.db, "slack:C1", 99);
    const held = await claimMany(store.db, ids, "A", Date.now(), LEASE);
    await markSentMany(
      store.db,
      "A",
      held.map((row) => ({ row, refs: ["ts"] })),
    );
    expect(await getWatermark(store.db, "slack:C1")).toBe(99);
    expect(await getWatermark(store.db, "slack:C2")).toBe(11);
  });

  it("claims only the head of each channel's queue, and a head left by a dead holder comes back uncertain", async () => {
    const ids = await queue(["C1", "C2"], [{ key: "alert:s1:e1", channel: "slack:C1" }]);
    const [c1Digest, c2Digest, c1Alert] = ids as [number, number, number];
    const now = Date.now();
    const first = await claimHeadsOf(store.db, ["slack:C1", "slack:C2"], "A", now, LEASE);
    expect([...first].map(([ch, r]) => [ch, r.id]).sort()).toEqual([
      ["slack:C1", c1Digest],
      ["slack:C2", c2Digest],
    ]);
    expect((await claimHeadsOf(store.db, ["slack:C1", "slack:C2"], "B", now + 1, LEASE)).size).toBe(0);

    const later = await claimHeadsOf(store.db, ["slack:C1"], "B", now + LEASE + 1, LEASE);
    expect(later.get("slack:C1")).toMatchObject({ id: c1Digest, leaseOwner: "B", uncertain: true });
    await markSentMany(store.db, "B", [{ row: later.get("slack:C1") as OutboxRow, refs: ["ts"] }]);
    const next = await claimHeadsOf(store.db, ["slack:C1"], "B", now + LEASE + 2, LEASE);
    expect(next.get("slack:C1")).toMatchObject({ id: c1Alert, uncertain: false });
  });

  it("records confirmed parts per row and keeps the rows held", async () => {
    const ids = await queue(["C1", "C2"]);
    const held = await claimMany(store.db, ids, "A", Date.now(), LEASE);
    const ok = await recordPartsMany(
      store.db,
      "A",
      held.map((row, i) => ({
        row,
        refs: Array.from({ length: i + 1 }, (_, n) => `${row.id}:${n}`),
        leaseUntil: 5e12,
      })),
    );
    expect(ok.size).toBe(2);
    expect(await getOutboxRow(store.db, ids[0] as number)).toMatchObject({
      status: "sending",
      partsSent: 1,
      refs: [`${ids[0]}:0`],
      leaseUntil: 5e12,
    });
    expect(await getOutboxRow(store.db, ids[1] as number)).toMatchObject({
      partsSent: 2,
      refs: [`${ids[1]}:0`, `${ids[1]}:1`],
    });
    expect(
      (await recordPartsMany(store.db, "B", [{ row: held[0] as OutboxRow, refs: ["x"], leaseUntil: 1 }])).size,
    ).toBe(0);
  });
});

describe("group commit", () => {
  it("writes calls made together as one batch and answers each caller with its own result", async () => {
    const batches: number[][] = [];
    const double = groupCommit(async (items: number[]) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(await double(5)).toBe(10);
    expect(batches).toEqual([[1, 2, 3], [5]]);
  });

  it("holds a call that may wait until its wait is over, gathering the calls made meanwhile", async () => {
    const batches: string[][] = [];
    const write = groupCommit(
      async (items: string[]) => {
        batches.push(items);
        return items;
      },
      { maxWaitMs: () => 60 },
    );
    const started = performance.now();
    const first = write("a");
    await new Promise((r) => setTimeout(r, 20));
    expect(await Promise.all([first, write("b")])).toEqual(["a", "b"]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(batches).toEqual([["a", "b"]]);
  });

  it("writes waiting calls at once when a call that cannot wait joins them, in batches of at most maxBatch", async () => {
    const batches: number[][] = [];
    const write = groupCommit(
      async (items: number[]) => {
        batches.push(items);
        return items;
      },
      { maxWaitMs: (n) => (n === 0 ? 0 : 10_000), maxBatch: 3 },
    );
    await Promise.all([write(1), write(2), write(3), write(4), write(0)]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 0],
    ]);
  });

  it("writes calls that could still wait at once when told to flush now", async () => {
    const batches: string[][] = [];
    const write = groupCommit(
      async (items: string[]) => {
        batches.push(items);
        return items;
      },
      { maxWaitMs: () => 10_000 },
    );
    const started = performance.now();
    const pending = Promise.all([write("a"), write("b")]);
    write.flushNow();
    expect(await pending).toEqual(["a", "b"]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(batches).toEqual([["a", "b"]]);
  });

  it("fails every caller of a batch whose write failed, and writes the next batch normally", async () => {
    let fail = true;
    const write = groupCommit(async (items: string[]) => {
      if (fail) throw new Error("store unavailable");
      return items;
    });
    const results = await Promise.allSettled([write("a"), write("b")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await write("c")).toBe("c");
  });
});
