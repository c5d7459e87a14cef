import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyImport } from "../../src/import/apply.js";
import { parseImportFile, parseImportText } from "../../src/import/parse.js";
import { getDeal } from "../../src/store/deal-repository.js";
import { latestSeq } from "../../src/store/event-repository.js";
import { listFxRates } from "../../src/store/fx-repository.js";
import { dialects, importSample, openTestStore, SAMPLE_PATH, type TestStore } from "../helpers/store.js";

const fixture = (name: string) => resolve("test/fixtures/import", name);

describe("parsing import files", () => {
  it("the sample parses whole: 15 companies, 23 observations, 2 KRW rates", async () => {
    const r = await parseImportFile(SAMPLE_PATH);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.companies.length).toBe(15);
    expect(r.data.observations.length).toBe(23);
    expect(r.data.fx).toEqual([
      { currency: "KRW", on: "2025-09-22", rate: 1390 },
      { currency: "KRW", on: "2026-02-04", rate: 1450 },
    ]);
  });

  it("a missing file is one clear problem, not a crash", async () => {
    const r = await parseImportFile("/no/such/file.json");
    expect(r).toEqual({ ok: false, problems: ["/no/such/file.json: no such file"] });
    const ko = await parseImportFile("/no/such/file.json", { lang: "ko" });
    expect(ko).toEqual({ ok: false, problems: ["/no/such/file.json: 파일이 없습니다"] });
  });

  it("text that is not JSON points at the line where it breaks", async () => {
    const r = await parseImportText("broken.json", '{\n  "deals": [\n    { "deal": "x", }\n  ]\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^broken\.json:3: file: not valid JSON/);
  });

  it("a record's problems name the field as the user wrote it", async () => {
    const csv = [
      "deal,observed_on,kind,from,to,amount,currency,qualifier,amount_max,status,title_en,title_ko,publisher,url,round,terms_json",
      'a,2026-01-01,loan,,nvidia,,,,,signed,,,,,,"{""capacity_gw"": ""lots""}"',
    ].join("\n");
    const r = await parseImportText("x.csv", csv, { store: undefined });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      expect.stringMatching(/^x\.csv:2: terms_json\.capacity_gw: /),
      "x.csv:2: from: is required for a loan (only a funding_round may leave it null)",
      'x.csv:2: to: unknown company "nvidia" (not in the store or this file)',
    ]);
  });

  it("an NDJSON file read as bytes gives the same records and problems, line for line, as its text", async () => {
    const text = [
      "\uFEFF" + '{"type":"company","id":"a","name":{"en":"A","ko":"에이"},"aliases":[],"role":"lab"}',
      '{"type":"company","id":"b","name":{"en":"B","ko":"비"},"aliases":[],"role":"lab"}\r',
      "",
      '{"type":"deal","deal":"x","observed_on":"2026-01-02","kind":"investment","from":"a","to":"b","status":"reported","title":{"ko":"에이, 비에 투자 — 10억 달러"}}',
      '{"type":"deal","deal":"y", oops}',
      '{"type":"deal","deal":"z","observed_on":"2026-01-03","kind":"investment","from":"a","to":"비","status":"signed"}',
    ].join("\n");
    const fromText = await parseImportText("mixed.ndjson", text);
    const fromBytes = await parseImportText("mixed.ndjson", Buffer.from(text, "utf8"));
    expect(fromBytes).toEqual(fromText);
    expect(fromText.ok).toBe(false);
    if (fromText.ok) return;
    expect(fromText.problems).toEqual([expect.stringMatching(/^mixed\.ndjson:5: line: /)]);
    const fine = text
      .split("\n")
      .filter((_, i) => i !== 4)
      .join("\n");
    const ok = await parseImportText("fine.ndjson", Buffer.from(fine, "utf8"));
    expect(ok).toEqual(await parseImportText("fine.ndjson", fine));
    expect(ok.ok && ok.data.observations.map((o) => [o.deal, o.to, o.title?.ko])).toEqual([
      ["x", "b", "에이, 비에 투자 — 10억 달러"],
      ["z", "b", undefined],
    ]);
  });

  it("a file with no known extension is read by its content, as bytes or as text", async () => {
    const ndjson = [
      '{"type":"company","id":"a","name":{"en":"A","ko":"에이"},"aliases":[],"role":"lab"}',
      '{"type":"company","id":"b","name":{"en":"B","ko":"비"},"aliases":[],"role":"lab"}',
      '{"type":"deal","deal":"x","observed_on":"2026-01-02","kind":"investment","from":"a","to":"비","status":"reported"}',
    ].join("\n");
    const json = JSON.stringify({
      format: "dealgraph/v1",
      companies: [
        { id: "a", name: { en: "A", ko: "에이" }, aliases: [], role: "lab" },
        { id: "b", name: { en: "B", ko: "비" }, aliases: [], role: "lab" },
      ],
      deals: [{ deal: "x", observed_on: "2026-01-02", kind: "investment", from: "a", to: "비", status: "reported" }],
    });
    const deals = (r: Awaited<ReturnType<typeof parseImportText>>) =>
      r.ok ? r.data.observations.map((o) => [o.deal, o.from, o.to]) : r.problems;
    for (const text of [ndjson, json]) {
      const named = await parseImportText("feed", text);
      expect(deals(named)).toEqual([["x", "a", "b"]]);
      expect(await parseImportText("feed", Buffer.from(text, "utf8"))).toEqual(named);
    }
  });

  it("a field left out is called missing; one of the wrong type is told what it must be", async () => {
    const text = [
      '{"type":"deal","deal":"x","kind":"investment","from":"a","to":"b","status":"reported"}',
      '{"type":"deal","deal":"y","observed_on":20260101,"kind":"investment","from":"a","to":"b","status":"reported"}',
      '{"type":"company","id":"a","name":{"en":"A"}}',
    ].join("\n");
    const r = await parseImportText("gaps.ndjson", text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.filter((p) => !p.includes("unknown company"))).toEqual([
      "gaps.ndjson:1: observed_on: is missing; must be a date (YYYY-MM-DD)",
      "gaps.ndjson:2: observed_on: must be a date (YYYY-MM-DD)",
      "gaps.ndjson:3: name.ko: is missing; must be a Korean name",
      "gaps.ndjson:3: role: is missing; must be a role such as chipmaker or ai-lab",
    ]);
  });

  it.each([
    [
      "other-format.json",
      '{\n  "format": "dealgraph/v2",\n  "deals": []\n}',
      ['other-format.json:1: format: must be "dealgraph/v1", not "dealgraph/v2"'],
    ],
    [
      "lines.ndjson",
      '{"type":"fx","on":"2026-01-01","pair":"USD/KRW","rate":1450}\n{"type":"merger"}\nnot json\n{"type":"fx","on":"2026-13-01","pair":"KRW","rate":0}',
      [
        'lines.ndjson:2: type: must be "company", "deal" or "fx"',
        expect.stringMatching(/^lines\.ndjson:3: line: not valid JSON/),
        "lines.ndjson:4: on: is not a real calendar date",
        "lines.ndjson:4: pair: must be USD/XXX (units of XXX per dollar)",
        "lines.ndjson:4: rate: must be positive",
      ],
    ],
  ])("%s: problems of the file's shape are listed with their lines", async (file, text, expected) => {
    const r = await parseImportText(file, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual(expected);
  });

  it("an unknown company is reported at every place it was written, in the order read, valid record or not", async () => {
    const deal = (id: string, from: string, to: string, status = "announced") =>
      `{"deal":"${id}","observed_on":"2026-01-01","kind":"investment","from":"${from}","to":"${to}","status":"${status}"}`;
    const text = `{"companies":[{"id":"acme","name":{"en":"Acme","ko":"애크미"},"role":"ai-lab"}],"deals":[${[
      deal("a", "ghost", "acme"),
      deal("b", "acme", "phantom", "wobbly"),
      deal("c", "phantom", "ghost"),
    ].join(",")}]}`;
    const r = await parseImportText("one-line.json", text, { store: undefined });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        expect.stringMatching(/^one-line\.json:1: status: must be one of /),
        'one-line.json:1: from: unknown company "ghost" (not in the store or this file)',
        'one-line.json:1: to: unknown company "phantom" (not in the store or this file)',
        'one-line.json:1: from: unknown company "phantom" (not in the store or this file)',
        'one-line.json:1: to: unknown company "ghost" (not in the store or this file)',
      ]);
  });

  it("with lang ko every problem is written in Korean, zod's own wording included", async () => {
    const text = [
      '{"type":"deal","deal":"x","observed_on":"2026-02-30","kind":"loan","from":null,"to":"acme","amount":"5B","status":"done","title":"t","terms":{"stake_pct":140,"target":3}}',
      '{"type":"fx","on":"2026-01-01","pair":"KRW","rate":-1}',
      '{"type":"company","id":"Bad Id","name":{"en":""},"aliases":"x"}',
      "nope",
      '{"type":"merger"}',
    ].join("\n");
    const r = await parseImportText("ko.ndjson", text, { lang: "ko" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      "ko.ndjson:1: observed_on: 달력에 없는 날짜입니다",
      "ko.ndjson:1: amount: value와 currency를 담은 객체이거나 null이어야 합니다",
      "ko.ndjson:1: status: rumored, reported, announced, signed, completed, stalled, cancelled 가운데 하나여야 합니다",
      "ko.ndjson:1: terms.stake_pct: 0에서 100 사이여야 합니다",
      "ko.ndjson:1: terms.target: 문자열이어야 합니다",
      "ko.ndjson:1: title: en과 ko를 담은 객체여야 합니다",
      "ko.ndjson:1: from: loan 거래에는 꼭 있어야 합니다 (null은 funding_round에만 쓸 수 있습니다)",
      'ko.ndjson:1: to: 알 수 없는 기업 "acme" (저장소에도 이 파일에도 없습니다)',
      "ko.ndjson:2: pair: USD/XXX(1달러당 XXX 단위) 형식이어야 합니다",
      "ko.ndjson:2: rate: 0보다 커야 합니다",
      "ko.ndjson:3: id: 영문 소문자·숫자·하이픈으로 된 ID여야 합니다",
      "ko.ndjson:3: name.en: 비어 있으면 안 됩니다",
      "ko.ndjson:3: name.ko: 값이 없습니다. 한글 이름이어야 합니다",
      "ko.ndjson:3: aliases: 이름 목록이어야 합니다",
      "ko.ndjson:3: role: 값이 없습니다. chipmaker, ai-lab 같은 역할이어야 합니다",
      expect.stringMatching(/^ko\.ndjson:4: line: 올바른 JSON이 아닙니다 \(/),
      'ko.ndjson:5: type: "company", "deal", "fx" 가운데 하나여야 합니다',
    ]);
  });

  it("with lang ko a CSV's problems are Korean too, money parser's included", async () => {
    const header =
      "deal,observed_on,kind,from,to,amount,currency,qualifier,amount_max,status,title_en,title_ko,publisher,url,round,terms_json";
    const rows = [
      "a,2026-01-01,investment,acme,acme,1억 6천만 주,,,,signed,,,,,,",
      "b,2026-01-01,investment,acme,acme,10억 달러,KRW,,lots,signed,,,,,,{oops",
    ];
    const r = await parseImportText("x.csv", [header, ...rows].join("\n"), { lang: "ko" });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.filter((p) => !p.includes("알 수 없는 기업"))).toEqual([
        'x.csv:2: amount: "1억 6천만 주"는 주식 수이지 금액이 아닙니다',
        'x.csv:3: amount_max: "lots"는 숫자가 아닙니다',
        'x.csv:3: currency: 금액 "10억 달러"의 통화(USD)와 KRW가 맞지 않습니다',
        "x.csv:3: terms_json: 올바른 JSON이 아닙니다",
      ]);
    const header2 = await parseImportText("y.csv", "deal,observed_on,kind,from,to,status,price\n", { lang: "ko" });
    if (!header2.ok)
      expect(header2.problems).toEqual([
        expect.stringMatching(/^y\.csv:1: price: 알 수 없는 열입니다 \(쓸 수 있는 열: deal, /),
      ]);
  });

  it("a CSV with an unknown column is refused at the header", async () => {
    const r = await parseImportText("x.csv", "deal,observed_on,kind,from,to,status,price\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.stringMatching(/^x\.csv:1: price: unknown column/)]);
  });
});

describe.each(dialects())("import validation against a %s store holding the sample", (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await importSample(store);
  });
  afterAll(async () => {
    await store.close();
  });

  it("an unknown company close to a known one comes with the closest matches, by id and names", async () => {
    const deal = (id: string, from: string, to: string) =>
      JSON.stringify({
        type: "deal",
        deal: id,
        observed_on: "2026-01-02",
        kind: "investment",
        from,
        to,
        status: "reported",
      });
    const r = await parseImportText(
      "typos.ndjson",
      [deal("t1", "엔비디어", "Open A.I. Inc"), deal("t2", "zzqx", "openai")].join("\n"),
      {
        store,
      },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      'typos.ndjson:1: from: unknown company "엔비디어" (not in the store or this file); did you mean nvidia (Nvidia, 엔비디아)?',
      'typos.ndjson:1: to: unknown company "Open A.I. Inc" (not in the store or this file); did you mean openai (OpenAI, 오픈AI)?',
      'typos.ndjson:2: from: unknown company "zzqx" (not in the store or this file)',
    ]);
  });

  it("in Korean the closest matches follow the unknown name too", async () => {
    const line = JSON.stringify({
      type: "deal",
      deal: "t1",
      observed_on: "2026-01-02",
      kind: "investment",
      from: "엔비디어",
      to: "openai",
      status: "reported",
    });
    const r = await parseImportText("typos.ndjson", line, { store, lang: "ko" });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        'typos.ndjson:1: from: 알 수 없는 기업 "엔비디어" (저장소에도 이 파일에도 없습니다). 비슷한 이름: nvidia (Nvidia, 엔비디아)',
      ]);
  });

  it.each([
    [
      "bad-rows.json",
      [
        ":12: amount.max: must be at least the value (5000000000)",
        ":16: observed_on: is not a real calendar date",
        ':20: from: unknown company "ghost capital" (not in the store or this file)',
      ],
    ],
    [
      "bad-rows.ndjson",
      [
        ":3: amount.max: must be at least the value (5000000000)",
        ":5: observed_on: is not a real calendar date",
        ':6: from: unknown company "ghost capital" (not in the store or this file)',
      ],
    ],
    [
      "bad-rows.csv",
      [
        ':3: amount: "1억 6천만 주" is a share count, not money',
        ":4: status: must be one of rumored, reported, announced, signed, completed, stalled, cancelled",
        ":5: amount_max: must be at least the value (5000000000)",
      ],
    ],
  ])("%s with three bad rows is rejected with all three problems, and nothing is written", async (name, expected) => {
    const seq = await latestSeq(store.db);
    const r = await parseImportFile(fixture(name), { store });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(expected.map((p) => `${fixture(name)}${p}`));
    expect(await latestSeq(store.db)).toBe(seq);
    expect(await getDeal(store.db, "nvidia-acme-ok")).toBeNull();
    expect(await getDeal(store.db, "nvidia-oracle-ok")).toBeNull();
  });

  it("an amount above USD 10 trillion (after FX) is implausible unless allowed", async () => {
    const refused = await parseImportFile(fixture("implausible.ndjson"), { store });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems).toEqual([
      expect.stringMatching(/implausible\.ndjson:2: amount\.value: implausible for one deal: about USD 12\.0 trillion/),
      expect.stringMatching(/implausible\.ndjson:3: amount\.value: implausible for one deal: about USD 13\.8 trillion/),
    ]);
    const allowed = await parseImportFile(fixture("implausible.ndjson"), { store, allowImplausible: true });
    expect(allowed.ok).toBe(true);
    if (allowed.ok)
      expect(allowed.data.observations.map((o) => o.deal)).toEqual([
        "openai-moon-fab",
        "softbank-won-mega",
        "softbank-won-ok",
      ]);
  });

  it("CSV amount cells in money text are read by the money parser, company names by alias", async () => {
    const r = await parseImportFile(fixture("money-text.csv"), { store });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byDeal = new Map(r.data.observations.map((o) => [o.deal, o]));
    expect(byDeal.get("oracle-nvidia-chips-2026")).toMatchObject({
      from: "oracle",
      to: "nvidia",
      amount: { value: 100e9, currency: "USD", qualifier: "exact" },
      terms: { capacity_gw: 2 },
      title: { ko: "오라클 엔비디아 칩 1000억 달러 구매" },
      source: { publisher: "연합뉴스", url: "https://example.com/1" },
    });
    expect(byDeal.get("openai-broadcom-more")?.amount).toEqual({ value: 2e9, currency: "USD", qualifier: "up_to" });
    expect(byDeal.get("amd-range")?.amount).toEqual({ value: 10e9, max: 100e9, currency: "USD", qualifier: "range" });
    expect(byDeal.get("krw-deal")).toMatchObject({
      from: "softbank",
      to: "openai",
      amount: { value: 139e12, currency: "KRW", qualifier: "approx" },
    });
    expect(byDeal.get("plain-number")?.amount).toEqual({ value: 2.5e9, currency: "USD", qualifier: "approx" });

    const summary = await applyImport(store, r.data);
    expect(summary.events.deal_added).toBe(5);
    expect((await getDeal(store.db, "krw-deal"))?.amount?.currency).toBe("KRW");
  });

  it("a file's company takes only the names free in the store, and its own id always", async () => {
    const lines = [
      {
        type: "company",
        id: "nvda",
        name: { en: "NVDA Holders", ko: "엔비디아 주주회" },
        aliases: ["Nvidia"],
        role: "investor",
      },
      {
        type: "deal",
        deal: "k1",
        observed_on: "2026-01-02",
        kind: "investment",
        from: "NVDA",
        to: "openai",
        status: "reported",
      },
      {
        type: "deal",
        deal: "k2",
        observed_on: "2026-01-02",
        kind: "investment",
        from: "Nvidia",
        to: "openai",
        status: "reported",
      },
      {
        type: "deal",
        deal: "k3",
        observed_on: "2026-01-02",
        kind: "investment",
        from: "NVDA Holders",
        to: "openai",
        status: "reported",
      },
    ];
    const r = await parseImportText("keys.ndjson", lines.map((l) => JSON.stringify(l)).join("\n"), { store });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // "NVDA" is the store's alias of Nvidia but this company's id; "Nvidia" stays Nvidia's.
    expect(r.data.observations.map((o) => o.from)).toEqual(["nvda", "nvidia", "nvda"]);
  });

  it("NDJSON brings its own companies and FX; KRW amounts and Korean names resolve", async () => {
    const r = await parseImportFile(fixture("krw.ndjson"), { store });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.observations.map((o) => [o.from, o.to, o.amount?.currency ?? null])).toEqual([
      ["openai", "samsung", "KRW"],
      ["openai", "sk-hynix", null],
    ]);
    const summary = await applyImport(store, r.data);
    expect(summary.companies).toEqual({ added: 2, updated: 0 });
    expect(summary.fx).toBe(1);
    expect((await listFxRates(store.db)).filter((f) => f.currency === "KRW").map((f) => f.on)).toEqual([
      "2025-09-22",
      "2026-01-02",
      "2026-02-04",
    ]);
    expect(await getDeal(store.db, "openai-samsung-hbm")).toMatchObject({
      to: "samsung",
      amount: { value: 7.2e12, currency: "KRW", qualifier: "approx" },
      title: { ko: "오픈AI, 삼성전자와 7조 2천억 원 규모 HBM 구매 계약" },
    });
  });
});
