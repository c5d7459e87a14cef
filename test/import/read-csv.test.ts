import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseImportText } from "../../src/import/parse.js";
import { importSample, openTestStore, type TestStore } from "../helpers/store.js";

const COLUMNS = [
  "deal",
  "observed_on",
  "kind",
  "from",
  "to",
  "amount",
  "currency",
  "qualifier",
  "status",
  "title_en",
  "title_ko",
  "publisher",
  "url",
] as const;
type Row = Record<(typeof COLUMNS)[number], string>;

/** A cell as a spreadsheet writes it: quoted when it holds a comma, a quote or a line break. */
const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * Deals whose titles hold commas, quotes and line breaks, some with a bad status. Many rows make the file span
 * several of the reader's blocks, so rows with line breaks fall across their edges.
 */
function deals(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    deal: `csv-${i}`,
    observed_on: `2025-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
    kind: "investment",
    from: i % 2 ? "nvidia" : "엔비디아",
    to: "openai",
    amount: String((i + 1) * 1_000_000),
    currency: "USD",
    qualifier: "exact",
    status: i % 97 === 13 ? "rumoured" : "reported",
    title_en: i % 3 === 0 ? `Nvidia, OpenAI "deal" no. ${i}` : i % 5 === 0 ? `two\nlines, no. ${i}` : `deal ${i}`,
    title_ko: i % 4 === 0 ? `엔비디아, 오픈AI에 투자\n${i}호` : `거래 ${i}`,
    publisher: "Reuters",
    url: `https://example.com/${i}`,
  }));
}

/** The CSV of `rows`, and the line each row starts on. */
function csvOf(rows: Row[], newline = "\n"): { text: string; lines: number[] } {
  const out = [COLUMNS.join(",")];
  const lines: number[] = [];
  let line = 2;
  for (const [i, r] of rows.entries()) {
    if (i % 50 === 7) {
      out.push(i % 100 === 7 ? "" : "  ,  ");
      line++;
    }
    const text = COLUMNS.map((c) => cell(r[c])).join(",");
    lines.push(line);
    out.push(text.replaceAll("\n", newline));
    line += text.split("\n").length;
  }
  return { text: `${out.join(newline)}${newline}`, lines };
}

function ndjsonOf(rows: Row[]): string {
  return rows
    .map((r) =>
      JSON.stringify({
        type: "deal",
        deal: r.deal,
        observed_on: r.observed_on,
        kind: r.kind,
        from: r.from,
        to: r.to,
        amount: { value: Number(r.amount), currency: r.currency, qualifier: r.qualifier },
        status: r.status,
        title: { en: r.title_en, ko: r.title_ko },
        source: { publisher: r.publisher, url: r.url },
      }),
    )
    .join("\n");
}

describe("reading CSV", () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore("sqlite");
    await importSample(store);
  });
  afterAll(async () => {
    await store.close();
  });

  it("a large file with quoted commas, quotes and line breaks reads as the same observations as NDJSON", async () => {
    const rows = deals(3000).map((r) => ({ ...r, status: "reported" }));
    const { text } = csvOf(rows);
    expect(text.length).toBeGreaterThan(4 * 65_536);
    const fromCsv = await parseImportText("big.csv", `\uFEFF${text}`, { store });
    const fromNdjson = await parseImportText("big.ndjson", ndjsonOf(rows), { store });
    expect(fromCsv.ok && fromNdjson.ok).toBe(true);
    if (!fromCsv.ok || !fromNdjson.ok) return;
    expect(fromCsv.data.observations).toHaveLength(3000);
    expect(fromCsv.data.observations).toEqual(fromNdjson.data.observations);
    expect(fromCsv.data.observations[5]?.title?.en).toBe("two\nlines, no. 5");
    expect(fromCsv.data.observations[3]?.title?.en).toBe('Nvidia, OpenAI "deal" no. 3');
  });

  it("a quote inside an unquoted cell does not cut a later cell's line breaks apart", async () => {
    // Counting quotes from the stray one on, every line break inside a later quoted cell looks like a row's end.
    const rows = deals(3000).map((r, i) => ({
      ...r,
      status: "reported",
      title_en: i === 0 ? '5" screen' : r.title_en.replaceAll('"', ""),
      title_ko: `엔비디아, 오픈AI\n${i}호`,
    }));
    const { text } = csvOf(rows);
    const stray = text.replace('"5"" screen"', '5" screen');
    expect(stray).not.toBe(text);
    const fromCsv = await parseImportText("stray.csv", stray, { store });
    const fromNdjson = await parseImportText("stray.ndjson", ndjsonOf(rows), { store });
    expect(fromCsv.ok && fromNdjson.ok).toBe(true);
    if (fromCsv.ok && fromNdjson.ok) expect(fromCsv.data.observations).toEqual(fromNdjson.data.observations);
  });

  it("a row's problems name the line the row starts on, with LF, CRLF or CR line ends", async () => {
    const rows = deals(3000);
    for (const newline of ["\n", "\r\n", "\r"]) {
      const { text, lines } = csvOf(rows, newline);
      const r = await parseImportText("bad.csv", text, { store });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const bad = rows.flatMap((row, i) => (row.status === "reported" ? [] : [lines[i]]));
      expect(bad.length).toBeGreaterThan(25);
      expect(r.problems.map((p) => Number(p.split(":")[1]))).toEqual(bad);
      expect(r.problems.every((p) => p.includes(": status: must be one of"))).toBe(true);
    }
  });

  it("a row with more cells than the header has columns is refused, unless the extra cells are empty", async () => {
    const header = "deal,observed_on,kind,from,to,status,title_en";
    const text = [
      header,
      "a,2026-01-02,investment,nvidia,openai,reported,Nvidia, OpenAI deal",
      "b,2026-01-02,investment,nvidia,openai,reported,fine,,",
    ].join("\n");
    const r = await parseImportText("cells.csv", text, { store });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        "cells.csv:2: row: has 8 cells but the header names 7 columns (is there a comma in a cell without quotes?)",
      ]);
    const ko = await parseImportText("cells.csv", text, { store, lang: "ko" });
    if (!ko.ok)
      expect(ko.problems).toEqual([
        "cells.csv:2: row: 칸이 8개인데 머리글의 열은 7개입니다 (따옴표로 감싸지 않은 칸에 쉼표가 있나요?)",
      ]);
  });

  it("a quote left open is one problem at the row it opens in, and nothing after it is read", async () => {
    const long = csvOf(deals(3000).map((r) => ({ ...r, status: "reported" })));
    const open = long.text.replace("\ncsv-1500,", '\n"csv-1500,');
    const r1 = await parseImportText("long.csv", open, { store });
    // Later quoted cells pair up with the open quote, so the reason given varies; the line does not.
    expect(r1).toEqual({
      ok: false,
      problems: [expect.stringMatching(new RegExp(`^long\\.csv:${long.lines[1500]}: file: not valid CSV \\(`))],
    });
    const header = "deal,observed_on,kind,from,to,status,title_en";
    const text = [
      header,
      "a,2026-01-02,investment,nvidia,openai,reported,fine",
      'b,2026-01-02,investment,nvidia,openai,reported,"open',
      "c,2026-01-02,investment,nvidia,openai,rumoured,x",
    ].join("\n");
    const r = await parseImportText("open.csv", text, { store });
    expect(r).toEqual({
      ok: false,
      problems: ["open.csv:3: file: not valid CSV (Quoted field unterminated)"],
    });
  });
});
