import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DealEvent, DealStatus, Observation } from "../../src/domain/types.js";
import { applyImport } from "../../src/import/apply.js";
import { importFiles } from "../../src/import/import-files.js";
import { openStore } from "../../src/store/db.js";
import { eventsAfter, latestSeq } from "../../src/store/event-repository.js";
import { importSample, openTestStore, type TestStore } from "../helpers/store.js";

const COMPANIES = ["nvidia", "openai", "oracle", "amd", "coreweave", "microsoft"];
const STATUSES: DealStatus[] = ["rumored", "announced", "signed", "stalled", "completed"];

/** 2,000 deals observed 1–3 times, shuffled, so chunks and revisions cross each other. */
function observations(): Observation[] {
  const out: Observation[] = [];
  for (let d = 0; d < 2000; d++) {
    for (let k = 0; k <= d % 3; k++) {
      out.push({
        deal: `w-${d}`,
        observed_on: `2025-${String(1 + ((d + k * 5) % 12)).padStart(2, "0")}-${String(1 + k * 9).padStart(2, "0")}`,
        kind: "purchase",
        from: COMPANIES[d % 6] as string,
        to: COMPANIES[(d + 1) % 6] as string,
        amount: k === 1 ? null : { value: 1e6 * (1 + ((d * 3 + k) % 700)), currency: "USD", qualifier: "exact" },
        status: STATUSES[(d + k) % 5] as DealStatus,
        source: { publisher: ["Reuters", "Bloomberg"][(d + k) % 2] as string },
      });
    }
  }
  return out
    .map((o, i) => ({ o, key: (i * 7919) % out.length }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.o);
}

const shape = (events: DealEvent[]) => events.map((e) => [e.seq, e.type, e.dealId, e.observedOn, e.old, e.new]);

async function dealRows(store: TestStore) {
  return (await store.db.selectFrom("deals").selectAll().orderBy("id").execute()).map((r) => ({
    ...r,
    updated_seq: Number(r.updated_seq),
  }));
}

describe("SQLite imports written from the writer thread", () => {
  let threaded: TestStore;
  let inProcess: TestStore;
  beforeEach(async () => {
    threaded = await openTestStore("sqlite");
    inProcess = await openTestStore("sqlite");
    await importSample(threaded);
    await importSample(inProcess);
  });
  afterEach(async () => {
    await threaded.close();
    await inProcess.close();
  });

  it("record the same events, deals and summary as an import written in process", async () => {
    const data = { file: "w", companies: [], fx: [], observations: observations() };
    const sampleSeq = await latestSeq(threaded.db);
    const before = new Date().toISOString();
    const a = await applyImport(threaded, data, { writerThread: true });
    const after = new Date().toISOString();
    const b = await applyImport(inProcess, data, { writerThread: false });
    expect(a).toEqual(b);
    expect(a.events.deal_added).toBe(2000);
    expect(shape(await eventsAfter(threaded.db, 0))).toEqual(shape(await eventsAfter(inProcess.db, 0)));
    // Every event of the import, deal_added or not, carries its one time of recording.
    const recorded = new Set((await eventsAfter(threaded.db, sampleSeq)).map((e) => e.recordedAt));
    expect(recorded.size).toBe(1);
    const [at] = recorded;
    expect(at && at >= before && at <= after).toBe(true);
    expect(await dealRows(threaded)).toEqual(await dealRows(inProcess));

    // The same file again, through the same thread: nothing new.
    const again = await applyImport(threaded, data, { writerThread: true });
    expect(again.observations.duplicate).toBe(data.observations.length);
    expect(again.firstSeq).toBeNull();
  });

  it("revise deals already in the store alike, each named many times in the file, far apart", async () => {
    // First each deal's first report; then every report, so most deals come back from the store, and a
    // deal's reports lie hundreds of lines apart (its id is looked up more than once).
    const all = observations();
    const firsts = all.filter((o, i) => all.findIndex((p) => p.deal === o.deal) === i);
    for (const [store, writerThread] of [
      [threaded, true],
      [inProcess, false],
    ] as const) {
      await applyImport(store, { file: "a", companies: [], fx: [], observations: firsts }, { writerThread });
    }
    const data = { file: "b", companies: [], fx: [], observations: all };
    const a = await applyImport(threaded, data, { writerThread: true });
    const b = await applyImport(inProcess, data, { writerThread: false });
    expect(a).toEqual(b);
    expect(a.observations).toMatchObject({ new: all.length - firsts.length, duplicate: firsts.length });
    expect(a.events.deal_added).toBe(0);
    expect(shape(await eventsAfter(threaded.db, 0))).toEqual(shape(await eventsAfter(inProcess.db, 0)));
    expect(await dealRows(threaded)).toEqual(await dealRows(inProcess));
  });

  it("record each import's own time on all its events, one import after another", async () => {
    const report = (deal: string, status: DealStatus, observed_on: string): Observation => ({
      deal,
      observed_on,
      kind: "purchase",
      from: "nvidia",
      to: "openai",
      amount: null,
      status,
      source: { publisher: "Reuters" },
    });
    const times: Set<string>[] = [];
    for (const batch of ["p", "q"]) {
      // The same shape twice: five deals added, then one of them signed.
      const observations = [0, 1, 2, 3, 4].map((i) => report(`${batch}-${i}`, "announced", "2025-01-01"));
      observations.push(report(`${batch}-0`, "signed", "2025-02-01"));
      const seq = await latestSeq(threaded.db);
      await applyImport(threaded, { file: batch, companies: [], fx: [], observations }, { writerThread: true });
      times.push(new Set((await eventsAfter(threaded.db, seq)).map((e) => e.recordedAt)));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(times.map((t) => t.size)).toEqual([1, 1]);
    expect(times[0]).not.toEqual(times[1]);
  });

  it("write nothing when a write fails, and the thread serves the next import", async () => {
    const before = await latestSeq(threaded.db);
    // A store-side failure in the middle of the import (as a full disk would be).
    await sql`create trigger refuse_w_1500 before insert on events when new.deal_id = 'w-1500'
              begin select raise(abort, 'refused by the store'); end`.execute(threaded.db);
    const data = { file: "w", companies: [], fx: [], observations: observations() };
    await expect(applyImport(threaded, data, { writerThread: true })).rejects.toThrow(/refused by the store/);
    expect(await latestSeq(threaded.db)).toBe(before);
    const deals = await threaded.db.selectFrom("deals").select("id").where("id", "like", "w-%").execute();
    expect(deals).toHaveLength(0);

    await sql`drop trigger refuse_w_1500`.execute(threaded.db);
    const ok = await applyImport(threaded, data, { writerThread: true });
    expect(ok.firstSeq).toBe(before + 1);
  });

  it("a large file of companies alone imports whole, and the writer thread started ahead for it closes with the store", async () => {
    // Large enough that the writer thread is started ahead, while the file is read; then it is not needed.
    const dir = join(threaded.path as string, "..");
    const file = join(dir, "many-companies.ndjson");
    const line = (i: number) =>
      JSON.stringify({
        type: "company",
        id: `co-${i}`,
        name: { en: `Company ${i}`, ko: `기업 ${i}` },
        role: "software",
      });
    writeFileSync(file, Array.from({ length: 25_000 }, (_, i) => line(i)).join("\n"));
    const dbPath = join(dir, "companies.db");
    const store = await openStore({ dbPath });
    const [outcome] = await importFiles(store, [file]);
    expect(outcome).toMatchObject({ ok: true, summary: { companies: { added: 25_000, updated: 0 } } });
    await store.close();
    const reopened = await openStore({ dbPath });
    try {
      const n = await reopened.db
        .selectFrom("companies")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirst();
      expect(Number(n?.n)).toBe(25_000);
    } finally {
      await reopened.close();
    }
  });

  it("files import in order, each whole; a later file may use companies an earlier one added", async () => {
    const dir = join(threaded.path as string, "..");
    const companies = join(dir, "companies.ndjson");
    writeFileSync(
      companies,
      `${JSON.stringify({ type: "company", id: "newco", name: { en: "NewCo", ko: "뉴코" }, aliases: [], role: "ai-lab" })}\n`,
    );
    const deals = (from: number, to: number) =>
      observations()
        .filter((o) => {
          const n = Number(o.deal.slice(2));
          return n >= from && n < to;
        })
        .map((o) => JSON.stringify({ type: "deal", ...o, to: "NewCo" }))
        .join("\n");
    const first = join(dir, "first.ndjson");
    const bad = join(dir, "bad.ndjson");
    const never = join(dir, "never.ndjson");
    writeFileSync(first, deals(0, 1000));
    const goodLines = deals(1000, 1010).split("\n").length;
    writeFileSync(
      bad,
      `${deals(1000, 1010)}\n{"type":"deal","deal":"x","observed_on":"2025-02-30","kind":"purchase","from":"nvidia","to":"openai","status":"signed"}\n`,
    );
    writeFileSync(never, deals(1500, 1600));

    const count = async () =>
      Number(
        (
          await threaded.db
            .selectFrom("deals")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("to_id", "=", "newco")
            .executeTakeFirst()
        )?.n,
      );
    // Each file is heard of once settled: a committed file's deals are already in the store.
    const heard: [string, boolean, Promise<number>][] = [];
    const outcomes = await importFiles(threaded, [companies, first, bad, never], {
      writerThread: true,
      onOutcome: (o) => heard.push([o.file, o.ok, count()]),
    });
    expect(await Promise.all(heard.map(async ([f, ok, n]) => [f, ok, await n]))).toEqual([
      [companies, true, 0],
      [first, true, 1000],
      [bad, false, 1000],
    ]);
    expect(outcomes.map((o) => [o.file, o.ok])).toEqual([
      [companies, true],
      [first, true],
      [bad, false],
    ]);
    const failed = outcomes[2];
    expect(failed?.ok === false && failed.problems).toEqual([
      `${bad}:${goodLines + 1}: observed_on: is not a real calendar date`,
    ]);
    expect(await count()).toBe(1000);
  });
});
