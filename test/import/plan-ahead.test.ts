/**
 * A run of files through the writer thread plans each file against the one before while that is still being
 * written (apply.ts, Ahead). Whether the plan holds or has to be made again, the store must end up exactly as
 * if the files had been imported one by one.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DealStatus, Observation } from "../../src/domain/types.js";
import { applyImport, startImport } from "../../src/import/apply.js";
import { importFiles } from "../../src/import/import-files.js";
import { importWriter } from "../../src/import/import-writer.js";
import { parseImportFile } from "../../src/import/parse.js";
import { DEAL_PART_ROWS } from "../../src/import/plan.js";
import type { ImportData } from "../../src/import/types.js";
import { canonicalObservation } from "../../src/import/validate.js";
import type { WriterReply, WriterRequest } from "../../src/import/writer-protocol.js";
import type { Store } from "../../src/store/db.js";
import { importSample, openTestStore, type TestStore, writtenRows } from "../helpers/store.js";

const COMPANIES = ["nvidia", "openai", "oracle", "amd", "coreweave"];
const STATUSES: DealStatus[] = ["rumored", "announced", "signed", "completed"];

/** Deal `tag-d` as first reported: some with sources, URLs and titles, some without an amount. */
function first(tag: string, d: number): Observation {
  const o: Observation = {
    deal: `${tag}-${d}`,
    observed_on: `2025-0${1 + (d % 5)}-1${d % 10}`,
    kind: d % 4 === 0 ? "investment" : "purchase",
    from: COMPANIES[d % 5] as string,
    to: COMPANIES[(d + 2) % 5] as string,
    amount: d % 7 === 3 ? null : { value: 1e6 * (5 + d), currency: "USD", qualifier: "exact" },
    status: "announced",
  };
  if (d % 3 !== 2) o.source = { publisher: d % 2 ? "연합뉴스" : "Reuters", lang: d % 2 ? "ko" : "en" };
  if (d % 5 === 1 && o.source) o.source.url = `https://example.com/${tag}/${d}`;
  if (d % 6 === 4) o.title = { en: `Deal ${d}`, ko: `거래 ${d}` };
  return o;
}

/**
 * Later reports of `tag-d`, cycling through what a report can do to a deal: change its amount or status,
 * repeat an earlier report word for word, add a source to it, or come late with an older date.
 */
function revisions(tag: string, d: number, round: number): Observation[] {
  const base = first(tag, d);
  const later = { ...base, observed_on: `2025-${10 + round}-0${1 + (d % 9)}` };
  switch ((d + round) % 5) {
    case 0:
      return [{ ...later, amount: { value: 1e6 * (50 + d + round), currency: "USD", qualifier: "approx" } }];
    case 1:
      return [{ ...later, status: STATUSES[(d + round) % 4] as DealStatus }];
    case 2:
      return [base];
    case 3:
      return [{ ...later, source: { publisher: "Bloomberg", url: `https://bloomberg.example/${d}/${round}` } }];
    default:
      return [{ ...base, observed_on: "2024-12-01", source: { publisher: "WSJ", lang: "en" } }, later];
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** NDJSON lines as the store writes the observation (each holds its body) or with "type" last (none does). */
const ndjson = (obs: Observation[], canonical: boolean) =>
  obs
    .map((o) =>
      canonical
        ? `{"type":"deal",${JSON.stringify(canonicalObservation(o)).slice(1)}\n`
        : `${JSON.stringify({ ...o, type: "deal" })}\n`,
    )
    .join("");

const dir = mkdtempSync(join(tmpdir(), "dealgraph-ahead-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, obs: Observation[], canonical: boolean): string {
  const path = join(dir, name);
  writeFileSync(path, ndjson(obs, canonical));
  return path;
}

async function read(store: Store, path: string): Promise<ImportData> {
  const parsed = await parseImportFile(path, { store });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.data;
}

/** Each import the writer began: whether it was planned ahead, held when begun, and was committed. */
function watchBegins(store: Store): { ahead: boolean; held: boolean; committed?: boolean }[] {
  const writer = importWriter(store);
  if (!writer) throw new Error("no writer thread for this store");
  const begins: { ahead: boolean; held: boolean; committed?: boolean }[] = [];
  const request = writer.request.bind(writer);
  vi.spyOn(writer, "request").mockImplementation(async (req: WriterRequest): Promise<WriterReply> => {
    const reply = await request(req);
    if (req.type === "begin" && reply.type === "begun") begins.push({ ahead: req.ahead !== null, held: !reply.stale });
    const last = begins[begins.length - 1];
    if (req.type === "commit" && last) last.committed = reply.type === "committed";
    return reply;
  });
  return begins;
}

describe("files planned ahead of the one before's commit", () => {
  let run: TestStore;
  let oneByOne: TestStore;
  beforeEach(async () => {
    run = await openTestStore("sqlite");
    oneByOne = await openTestStore("sqlite");
    for (const store of [run, oneByOne]) await importSample(store);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await run.close();
    await oneByOne.close();
  });

  /**
   * Imports `files` as one run through the writer thread into `run`, and one by one in process into `oneByOne`,
   * and checks both end alike: the same outcomes and every row the same. Returns the run's outcomes and the
   * imports its writer began.
   */
  async function importBothWays(files: string[]) {
    const begins = watchBegins(run);
    const together = await importFiles(run, files, { writerThread: true });
    const apart = [];
    for (const f of files) apart.push(...(await importFiles(oneByOne, [f], { writerThread: false })));
    expect(together).toEqual(apart);
    expect(await writtenRows(run)).toEqual(await writtenRows(oneByOne));
    return { together, begins };
  }

  it("leave the store as importing the files one by one does, also when a plan has to be made again", async () => {
    // A deal stored before the run, which the third file reports again.
    const before = file("before.ndjson", [first("z", 1)], true);
    // The first file in another key order (its bodies are written from values), the others as the store writes them.
    const files = [
      file("1.ndjson", [...range(40).map((d) => first("a", d)), ...revisions("a", 5, 0)], false),
      file(
        "2.ndjson",
        [...range(40).flatMap((d) => revisions("a", d, 1)), ...range(30).map((d) => first("b", d))],
        true,
      ),
      file(
        "3.ndjson",
        [
          ...range(30).flatMap((d) => revisions("b", d, 2)),
          ...range(20).map((d) => first("c", d)),
          ...revisions("z", 1, 2),
        ],
        true,
      ),
      file(
        "4.ndjson",
        [...range(20).flatMap((d) => revisions("c", d, 1)), ...range(10).map((d) => first("d", d))],
        true,
      ),
    ];
    for (const store of [run, oneByOne]) await importFiles(store, [before], { writerThread: false });

    const { together, begins } = await importBothWays(files);
    // Each file's events carry that file's one time of recording, later files' no earlier.
    const times: string[] = [];
    for (const o of together) {
      if (!o.ok || o.summary.firstSeq === null || o.summary.lastSeq === null) continue;
      const rows = await run.db
        .selectFrom("events")
        .select("recorded_at")
        .where("seq", ">=", o.summary.firstSeq)
        .where("seq", "<=", o.summary.lastSeq)
        .execute();
      const recorded = new Set(rows.map((r) => r.recorded_at));
      expect(recorded.size).toBe(1);
      times.push(...recorded);
    }
    expect(times).toHaveLength(4);
    expect(times).toEqual([...times].sort());
    // The second file was planned against the first's deals and that held. The third took z-1 for a new deal
    // and the writer found it stored as it inserted the deals; the fourth, planned against the third, then found
    // the third not committed. Both were planned again against the store, the fourth the old way, as the third
    // found a deal of its own stored.
    expect(begins).toEqual([
      { ahead: false, held: true, committed: true },
      { ahead: true, held: true, committed: true },
      { ahead: true, held: true, committed: false },
      { ahead: true, held: false, committed: false },
      { ahead: false, held: true, committed: true },
      { ahead: false, held: true, committed: true },
    ]);
    const z = await run.db.selectFrom("events").select("type").where("deal_id", "=", "z-1").execute();
    expect(z.filter((e) => e.type === "deal_added")).toHaveLength(1);
  });

  it("files that revise stored deals, each read while the writer looks up the one before's, import as one by one", async () => {
    // Deals stored before the run; each file of it reports on them again, so none can be planned ahead.
    const before = file(
      "stored.ndjson",
      [...range(30).map((d) => first("s", d)), ...range(20).map((d) => first("t", d))],
      true,
    );
    for (const store of [run, oneByOne]) await importFiles(store, [before], { writerThread: false });
    const files = [
      file(
        "r1.ndjson",
        range(30).flatMap((d) => revisions("s", d, 0)),
        true,
      ),
      file(
        "r2.ndjson",
        [...range(20).flatMap((d) => revisions("t", d, 1)), ...range(10).map((d) => first("u", d))],
        false,
      ),
      file(
        "r3.ndjson",
        range(30).flatMap((d) => revisions("s", d, 2)),
        true,
      ),
    ];
    // Read while the writer looks up the third file's deals, and refused: the files before it are imported.
    const bad = join(dir, "r4.ndjson");
    writeFileSync(bad, `${ndjson(revisions("t", 3, 3), true)}{"type":"deal","deal":"t-4"}\n`);

    const { together, begins } = await importBothWays([...files, bad]);
    expect(together.map((o) => o.ok)).toEqual([true, true, true, false]);
    expect(begins).toEqual(files.map(() => ({ ahead: false, held: true, committed: true })));
  });

  it("files with more deals than the writer takes in one part import as one by one, also when a later part finds a stored deal", async () => {
    const many = DEAL_PART_ROWS + 700;
    const before = file("z.ndjson", [first("z", 1)], true);
    for (const store of [run, oneByOne]) await importFiles(store, [before], { writerThread: false });
    // The second file is planned ahead and takes z-1 for a new deal. Its reports come last (the latest dates),
    // so the deals' first part is written before the part holding z-1 is found stored.
    const files = [
      file(
        "many-a.ndjson",
        range(many).map((d) => first("a", d)),
        true,
      ),
      file("many-b.ndjson", [...range(many).map((d) => first("b", d)), ...revisions("z", 1, 2)], false),
    ];

    const { together, begins } = await importBothWays(files);
    for (const tag of ["a", "b"]) {
      const stored = await run.db
        .selectFrom("deals")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("id", "like", `${tag}-%`)
        .executeTakeFirst();
      expect(Number(stored?.n)).toBe(many);
    }
    expect(begins).toEqual([
      { ahead: false, held: true, committed: true },
      { ahead: true, held: true, committed: false },
      { ahead: false, held: true, committed: true },
    ]);
  });

  /** What another process reports about a deal of the first file, and what that leaves in the store. */
  // The first makes an event (the second file then repeats it); the second none (history only: no new seq).
  const reports: { what: string; report: Observation; check: (store: Store) => Promise<void> }[] = [
    {
      what: "a deal completed",
      report: { ...first("a", 1), observed_on: "2025-11-01", status: "completed" },
      async check(store) {
        // The status was changed once, by the other process; the second file's same report changes nothing.
        const changes = await store.db
          .selectFrom("events")
          .select("new_json")
          .where("deal_id", "=", "a-1")
          .where("type", "=", "status_changed")
          .execute();
        expect(changes).toEqual([{ new_json: '"completed"' }]);
      },
    },
    {
      what: "an older date for a deal",
      report: (({ source: _, ...o }) => ({ ...o, observed_on: "2024-06-01" }))(first("a", 2)),
      async check(store) {
        const row = await store.db
          .selectFrom("deals")
          .select("first_observed_on")
          .where("id", "=", "a-2")
          .executeTakeFirst();
        expect(row?.first_observed_on).toBe("2024-06-01");
      },
    },
  ];

  it.each(reports)("are planned again when another connection reports $what in between", async ({ report, check }) => {
    const one = file(
      "one.ndjson",
      range(30).map((d) => first("a", d)),
      true,
    );
    const two = file(
      "two.ndjson",
      [
        ...range(30).flatMap((d) => revisions("a", d, 1)),
        { ...first("a", 1), observed_on: "2025-11-15", status: "completed" },
        { ...first("a", 2), observed_on: "2025-11-16", status: "signed" },
      ],
      true,
    );
    const elsewhere = file("elsewhere.ndjson", [report], true);

    const started = await startImport(run, await read(run, one), { writerThread: true });
    await started.committed;
    const ahead = await started.ahead;
    expect(ahead).not.toBeNull();
    const other = await run.reopen();
    try {
      await applyImport(other, await read(other, elsewhere));
    } finally {
      await other.close();
    }
    const data = await read(run, two);
    const planned = await startImport(run, data, { writerThread: true }, ahead);
    expect(await planned.begun).toBe(false);
    await planned.committed;
    const again = await startImport(run, data, { writerThread: true });
    expect(await again.begun).toBe(true);
    await again.committed;

    for (const path of [one, elsewhere, two]) await applyImport(oneByOne, await read(oneByOne, path));
    expect(await writtenRows(run)).toEqual(await writtenRows(oneByOne));
    await check(run);
  });
});
