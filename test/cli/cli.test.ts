/** The real CLI as a child process (`node bin/dealgraph.js …`) against temporary SQLite stores. */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/db.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "bin/dealgraph.js");
const EDGE = join(ROOT, "test/fixtures/edge-deals.json");
const dir = mkdtempSync(join(tmpdir(), "dealgraph-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const freshDb = () => join(dir, `store-${++n}.db`);
const env = { ...process.env, DEFAULT_LANG: "", DATABASE_URL: "", DEALGRAPH_DB: "" };

async function dealgraph(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("node", [BIN, ...args], { cwd: dir, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

async function dealCount(db: string): Promise<number> {
  const store = await openStore({ dbPath: db });
  try {
    const row = await store.db
      .selectFrom("deals")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  } finally {
    await store.close();
  }
}

describe("dealgraph CLI on the sample (an empty store is seeded)", () => {
  const db = freshDb();

  it("funding --json keeps the documented names: OpenAI raised $120B with 2 undisclosed", async () => {
    const r = await dealgraph("funding", "OpenAI", "--json", "--db", db);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f).toMatchObject({ company: "openai", deals: 4, total_usd: 120e9, total_usd_max: 120e9, undisclosed: 2 });
    expect(Object.keys(f.by_status).sort()).toEqual(["completed", "reported"]);
    expect(f.by_investor.nvidia.total_usd).toBe(20e9);
  });

  it("exposure --json of 엔비디아: 4 loops as {path, deals}, circular $22B with 1 undisclosed", async () => {
    const r = await dealgraph("exposure", "엔비디아", "--json", "--db", db);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    for (const key of ["company", "outflows", "inflows", "circular", "cycles", "counterparties", "concentration"])
      expect(e).toHaveProperty(key);
    expect(e.company).toBe("nvidia");
    expect(e.circular).toMatchObject({ deals: 3, total_usd: 22e9, undisclosed: 1 });
    expect(e.cycles).toHaveLength(4);
    expect(e.cycles[0]).toMatchObject({
      path: ["nvidia", "openai", "oracle"],
      deals: ["nvidia-openai-10gw", "openai-oracle-cloud", "oracle-nvidia-chips"],
    });
  });

  it("exposure --max-len 6 --exhaustive counts every loop and says so", async () => {
    const r = await dealgraph("exposure", "nvidia", "--json", "--max-len", "6", "--exhaustive", "--db", db);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e).toMatchObject({ cycles_complete: true, max_len: 6 });
    expect(e.circular).toMatchObject({ deals: 3, total_usd: 22e9, undisclosed: 1 });
  });

  it.each([
    { args: [], loops: 5 },
    { args: ["--include-cancelled"], loops: 7 },
    { args: ["--max-len", "2"], loops: 4 },
    { args: ["--exhaustive"], loops: 5 },
  ])("cycles --json $args lists $loops loops, all of them found", async ({ args, loops }) => {
    const r = await dealgraph("cycles", "--json", "--db", db, ...args);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ more: 0, complete: true });
    expect(JSON.parse(r.stdout).cycles).toHaveLength(loops);
  });

  it("answers in Korean by default and in English with --lang en, naming undisclosed deals", async () => {
    const ko = await dealgraph("funding", "openai", "--db", db);
    expect(ko.code).toBe(0);
    expect(ko.stdout).toContain("1,200억 달러");
    expect(ko.stdout).toContain("오픈AI");
    const en = await dealgraph("funding", "openai", "--lang", "en", "--db", db);
    expect(en.stdout).toContain("$120B");
    expect(en.stdout).toMatch(/undisclosed/i);
  });

  it("an unknown company exits 1 with suggestions in the asker's language", async () => {
    const ko = await dealgraph("exposure", "엔비디어", "--db", db);
    expect(ko.code).toBe(1);
    expect(ko.stderr).toContain("엔비디아");
    const en = await dealgraph("funding", "opnai", "--lang", "en", "--db", db);
    expect(en.code).toBe(1);
    expect(en.stderr).toMatch(/Did you mean: .*OpenAI/);
  });

  it("deals --kind filters, newest first; a wrong kind is a usage error", async () => {
    const r = await dealgraph("deals", "nvidia", "--kind", "investment", "--json", "--db", db);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.total).toBe(3); // OpenAI, xAI, CoreWeave
    expect(d.deals.map((x: { id: string }) => x.id)).toEqual([
      "nvidia-openai-10gw",
      "nvidia-xai-2b",
      "nvidia-coreweave-stake",
    ]);
    const bad = await dealgraph("deals", "--kind", "gift", "--lang", "en", "--db", db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--kind must be one of");
  });

  it("--since takes the dates slash commands take; a day not in the calendar is a usage error", async () => {
    const korean = await dealgraph("deals", "nvidia", "--since", "2025년 10월 1일", "--json", "--db", db);
    expect(korean.code).toBe(0);
    expect(JSON.parse(korean.stdout).total).toBe(3);
    const bad = await dealgraph("funding", "openai", "--since", "2026-13-01", "--lang", "en", "--db", db);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('--since: no such day in the calendar: "2026-13-01"');
    const brief = await dealgraph("brief", "--since", "2026-02-30", "--db", db);
    expect(brief.code).toBe(1);
    expect(brief.stderr.trim()).toBe("--since: “2026-02-30”은 달력에 없는 날짜입니다");
  });

  it("--max-len takes what /cycles takes, 2 to 6: longer loops at a hub of a large store would take minutes", async () => {
    const long = await dealgraph("cycles", "--max-len", "7", "--db", db);
    expect(long.code).not.toBe(0);
    expect(long.stderr.trim()).toBe("--max-len에는 2~6 사이의 정수를 넣어 주세요.");
    expect((await dealgraph("cycles", "--max-len", "6", "--json", "--db", db)).code).toBe(0);
  });

  it("a company name of several words needs no quotes", async () => {
    const r = await dealgraph("funding", "Open", "AI", "--json", "--db", db);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).company).toBe("openai");
    const chip = await dealgraph("deals", "Altman", "chip", "project", "--json", "--db", db);
    expect(JSON.parse(chip.stdout).company).toBe("altman-chip-venture");
  });

  it.each([
    [["funding"], "기업 이름(company)이 빠졌습니다.\n사용법: dealgraph funding --help"],
    [["import"], "가져올 파일(files)이 빠졌습니다.\n사용법: dealgraph import --help"],
    [
      ["funding", "openai", "--lan", "en"],
      "‘--lan’은 없는 옵션입니다. 혹시 --lang인가요?\n사용법: dealgraph funding --help",
    ],
    [["fundin", "openai"], "‘fundin’은 없는 명령입니다. 혹시 funding인가요?\n사용법: dealgraph --help"],
    [["deals", "--limit"], "--limit 옵션에 값이 빠졌습니다.\n사용법: dealgraph deals --help"],
    [["deals", "--limit", "0"], "--limit에는 1 이상의 정수를 넣어 주세요."],
    [["cycles", "--max-len", "four"], "--max-len에는 2~6 사이의 정수를 넣어 주세요."],
    [["brief", "--since", "2026-02-10", "--until", "2026-02-01"], "--since가 --until보다 늦습니다."],
    [["outbox", "--retry", "first"], "--retry에는 발송함 메시지 번호를 넣어 주세요."],
  ])("a usage error speaks Korean, as the answers do by default: %j", async (args, message) => {
    const [command = "", ...rest] = args;
    const r = await dealgraph(command, "--db", db, ...rest);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(message);
  });

  it("--help speaks the answers' language: Korean by default, headings included; English with --lang en", async () => {
    const ko = await dealgraph("funding", "--help");
    expect(ko.code).toBe(0);
    expect(ko.stdout).toMatch(/^사용법: dealgraph funding \[options\] <company\.\.\.>/);
    expect(ko.stdout).toContain("기업이 유치한 투자 총액");
    expect(ko.stdout).toContain("옵션:");
    expect(ko.stdout).not.toMatch(/Options:|total funding/);
    const top = await dealgraph("--help");
    expect(top.stdout).toContain("명령:");
    expect(top.stdout).toMatch(/cycles \[options\] \[company\.\.\.\]\s+순환 거래 고리/);
    const en = await dealgraph("funding", "--help", "--lang", "en");
    expect(en.stdout).toMatch(/^Usage: dealgraph funding/);
    expect(en.stdout).toContain("total funding a company received");
    expect(en.stdout).not.toMatch(/옵션:|기업이 유치한/);
  });

  it("usage errors, commander's own included, are in English with --lang en or DEFAULT_LANG=en", async () => {
    const missing = await dealgraph("funding", "--lang", "en", "--db", db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: missing required argument 'company'\n\nUsage: dealgraph funding/);
    const wrong = await dealgraph("deals", "--kind=gift", "--lang=en", "--db", db);
    expect(wrong.stderr).toContain("--kind must be one of investment, funding_round");
    const byEnv = await promisify(execFile)("node", [BIN, "fundin"], {
      cwd: dir,
      env: { ...env, DEFAULT_LANG: "en" },
    }).catch((e: { stderr: string }) => e);
    expect(byEnv.stderr).toContain("error: unknown command 'fundin'\n(Did you mean funding?)");
  });

  it("demo tours funding, exposure and loops in the chosen language", async () => {
    const r = await dealgraph("demo", "--lang", "en", "--db", db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("dealgraph funding openai");
    expect(r.stdout).toContain("dealgraph exposure nvidia");
    expect(r.stdout).toContain("Nvidia → OpenAI → Oracle → Nvidia");
  });

  it("stops quietly when the reader closes the pipe early (`dealgraph … | head`)", async () => {
    const child = spawn("node", [BIN, "cycles", "--db", db], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // as `head` does once it has its lines: every write now fails with EPIPE
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });
});

describe("dealgraph import", () => {
  it("imports the edge dataset and answers from it", async () => {
    const db = freshDb();
    const r = await dealgraph("import", EDGE, "--json", "--db", db);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).events.deal_added).toBe(14);
    const f = JSON.parse((await dealgraph("funding", "보라AI", "--json", "--db", db)).stdout);
    // KRW 280B / 1,400 + KRW 125B / 1,250 + round B at max($300M, $250M + KRW 140B / 1,400) = 200 + 100 + 350
    expect(f.total_usd).toBeCloseTo(650e6, 0);
    const c = JSON.parse((await dealgraph("cycles", "--max-len", "6", "--json", "--db", db)).stdout);
    expect(c.cycles).toHaveLength(3);
  });

  it("rejects a file with problems: every problem on stderr, exit 1, nothing written", async () => {
    const db = freshDb();
    const bad = join(dir, "bad.ndjson");
    writeFileSync(
      bad,
      [
        '{"type":"company","id":"acme","name":{"en":"Acme","ko":"애크미"},"aliases":[],"role":"software"}',
        '{"type":"deal","deal":"ok-1","observed_on":"2026-01-01","kind":"purchase","from":"acme","to":"acme","amount":null,"status":"signed","source":{"publisher":"X"}}',
        '{"type":"deal","deal":"bad-1","observed_on":"2026-13-01","kind":"purchase","from":"acme","to":"acme","amount":null,"status":"signed","source":{"publisher":"X"}}',
        '{"type":"deal","deal":"bad-2","observed_on":"2026-01-02","kind":"gift","from":"acme","to":"nobody","amount":null,"status":"signed","source":{"publisher":"X"}}',
      ].join("\n"),
    );
    const r = await dealgraph("import", bad, "--db", db, "--lang", "en");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.ndjson:3:");
    expect(r.stderr).toContain("bad.ndjson:4:");
    expect(r.stderr).toContain("nothing was written from it");
    expect(await dealCount(db)).toBe(0);
    const ko = await dealgraph("import", bad, "--db", db, "--lang", "ko");
    expect(ko.code).toBe(1);
    expect(ko.stderr).toContain("bad.ndjson:3: observed_on: 달력에 없는 날짜입니다");
    expect(ko.stderr).toContain('bad.ndjson:4: to: 알 수 없는 기업 "nobody" (저장소에도 이 파일에도 없습니다)');
    expect(ko.stderr).toContain("이 파일에서는 아무것도 기록되지 않았습니다");
    expect(ko.stderr).not.toMatch(/must be|unknown company/);
  });

  it("imports several files in order, each whole, and stops at the first with problems", async () => {
    const db = freshDb();
    const companies = join(dir, "multi-companies.ndjson");
    const deals = join(dir, "multi-deals.ndjson");
    const broken = join(dir, "multi-broken.ndjson");
    const after = join(dir, "multi-after.ndjson");
    const deal = (id: string, on: string) =>
      `{"type":"deal","deal":"${id}","observed_on":"${on}","kind":"purchase","from":"Acme","to":"nvidia","amount":{"value":5e8,"currency":"USD"},"status":"signed","source":{"publisher":"X"}}`;
    writeFileSync(
      companies,
      '{"type":"company","id":"acme","name":{"en":"Acme","ko":"애크미"},"aliases":[],"role":"software"}\n',
    );
    writeFileSync(deals, `${deal("m-1", "2026-01-01")}\n${deal("m-2", "2026-01-02")}\n`);
    writeFileSync(broken, `${deal("m-3", "2026-01-03")}\n${deal("m-4", "yesterday")}\n`);
    writeFileSync(after, `${deal("m-5", "2026-01-05")}\n`);
    const nvidia = join(dir, "multi-nvidia.ndjson");
    writeFileSync(
      nvidia,
      '{"type":"company","id":"nvidia","name":{"en":"Nvidia","ko":"엔비디아"},"aliases":[],"role":"chipmaker"}\n',
    );

    const r = await dealgraph("import", nvidia, companies, deals, broken, after, "--db", db, "--lang", "en");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Imported ${deals}`);
    // Counts read as English: one of a thing is singular. A companies file says nothing of observations.
    expect(r.stdout).toContain(`Imported ${companies}\n1 company added, 0 updated\n`);
    expect(r.stdout).toContain("2 events: 2 deals added, 0 amounts changed, 0 status changes, 0 sources added");
    expect(r.stderr).toContain("multi-broken.ndjson:2: observed_on:");
    expect(r.stderr).toContain("The 1 file after it was not imported either.");
    expect(await dealCount(db)).toBe(2);

    const ok = await dealgraph("import", after, "--json", "--db", db);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).events.deal_added).toBe(1);

    const again = await dealgraph("import", deals, "--db", db, "--lang", "ko");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      `${deals} 가져오기 완료\n새로 기록된 내용이 없습니다. 관측 2건 모두 이미 저장돼 있습니다.\n`,
    );
  });

  it("refuses an implausible amount unless --allow-implausible", async () => {
    const db = freshDb();
    const file = join(dir, "huge.json");
    writeFileSync(
      file,
      JSON.stringify({
        format: "dealgraph/v1",
        companies: [{ id: "acme", name: { en: "Acme", ko: "애크미" }, aliases: [], role: "software" }],
        deals: [
          {
            deal: "huge",
            observed_on: "2026-01-01",
            kind: "funding_round",
            from: null,
            to: "acme",
            status: "rumored",
            amount: { value: 12e12, currency: "USD", qualifier: "exact" },
            source: { publisher: "X" },
          },
        ],
        fx: [],
      }),
    );
    expect((await dealgraph("import", file, "--db", db)).code).toBe(1);
    expect(await dealCount(db)).toBe(0);
    expect((await dealgraph("import", file, "--db", db, "--allow-implausible")).code).toBe(0);
    expect(await dealCount(db)).toBe(1);
  });
});
