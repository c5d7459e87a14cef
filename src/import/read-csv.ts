/**
 * CSV: one observation a row, columns (SPEC §2) `deal, observed_on, kind, from, to, amount, currency,
 * qualifier, amount_max, status, title_en, title_ko, publisher, url, round, terms_json` (+ optional `lang`).
 * The amount cell is a number or money text (`1000억 달러`, `$5.4B`) read by the one money parser.
 */
import Papa from "papaparse";
import { withParticle } from "../domain/korean.js";
import { parseMoney } from "../domain/money.js";
import { notValid, type Said, said } from "./problem-text.js";
import type { RawRecord, ReadResult } from "./records.js";

export const CSV_COLUMNS = [
  "deal",
  "observed_on",
  "kind",
  "from",
  "to",
  "amount",
  "currency",
  "qualifier",
  "amount_max",
  "status",
  "title_en",
  "title_ko",
  "publisher",
  "url",
  "round",
  "terms_json",
  "lang",
] as const;
const REQUIRED = ["deal", "observed_on", "kind", "to", "status"];
const UNKNOWN_COLUMN = said(
  `unknown column (expected ${CSV_COLUMNS.join(", ")})`,
  `알 수 없는 열입니다 (쓸 수 있는 열: ${CSV_COLUMNS.join(", ")})`,
);

/** Validation paths → the CSV column the user wrote. */
function csvField(path: string): string {
  if (path === "amount.value" || path === "amount") return "amount";
  if (path === "amount.max") return "amount_max";
  if (path === "amount.currency") return "currency";
  if (path === "amount.qualifier") return "qualifier";
  if (path.startsWith("title.")) return `title_${path.slice(6)}`;
  if (path.startsWith("source.")) return path.slice(7);
  if (path.startsWith("terms.")) return `terms_json.${path.slice(6)}`;
  if (path === "terms") return "terms_json";
  return path;
}

const PLAIN_NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?$/;

function num(cell: string): number {
  return PLAIN_NUMBER.test(cell) ? Number(cell.replace(/,/g, "")) : Number.NaN;
}

type Newline = "\n" | "\r\n" | "\r";

/** The character whose count is a file's line count: "\n", but in a file of CRs alone, "\r". */
const lineBreak = (newline: Newline) => (newline === "\r" ? "\r" : "\n");

/** Characters parsed at a time: a large file's rows are garbage as soon as they are checked, as NDJSON's are. */
const BLOCK_CHARS = 1 << 16;

export function readCsv(text: string): ReadResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Rows end as the header does (LF, CRLF, or CR alone): in a CRLF file a lone "\n" stays in its cell.
  const firstBreak = text.search(/[\r\n]/);
  const newline: Newline =
    firstBreak < 0 || text[firstBreak] === "\n" ? "\n" : text[firstBreak + 1] === "\n" ? "\r\n" : "\r";
  const headerEnd = firstBreak < 0 ? -1 : firstBreak + newline.length;
  const header = headerEnd < 0 ? text : text.slice(0, firstBreak);
  const columns = (Papa.parse<string[]>(header, { delimiter: ",", quoteChar: '"' }).data[0] ?? []).map((c) => c.trim());
  const problems: ReadResult["problems"] = [];
  for (const c of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(c))
      problems.push({ line: 1, field: c || "(empty)", message: UNKNOWN_COLUMN });
  }
  for (const c of REQUIRED)
    if (!columns.includes(c))
      problems.push({ line: 1, field: c, message: said("column is missing", "필수 열이 없습니다") });
  if (problems.length > 0 || headerEnd < 0) return { records: [], problems };
  return { records: rows(text, headerEnd, newline, columns, problems), problems };
}

/**
 * The rows after the header, a block of whole rows at a time (see `blockEnd`). A row's line is the line it starts
 * on; blank rows are skipped. A quoting error ends the reading: what follows it cannot be told apart.
 */
function* rows(
  text: string,
  from: number,
  newline: Newline,
  columns: string[],
  problems: ReadResult["problems"],
): Generator<RawRecord> {
  const at = Object.fromEntries(columns.map((c, i) => [c, i])) as Partial<Record<string, number>>;
  let line = 2;
  for (let start = from, size = BLOCK_CHARS; start < text.length; ) {
    const end = blockEnd(text, start, size, newline);
    const block = parseBlock(text.slice(start, end), newline);
    const error = block.error;
    // A quote inside an unquoted cell can make a line end inside quotes look outside them, and the block then ends
    // in an open quote. Its rows before that one are whole: the next block starts at it, twice as long if none were.
    const cut = error?.code === "MissingQuotes" && end < text.length ? error : null;
    if (cut?.at === 0) {
      size *= 2;
      continue;
    }
    for (const row of block.rows) yield csvRecord(row.cells, at, columns.length, line + row.line);
    if (cut) {
      line += cut.line;
      start += cut.at;
      size = BLOCK_CHARS;
    } else if (error) {
      problems.push({ line: line + error.line, field: "file", message: notValid("CSV", error) });
      return;
    } else {
      line += block.newlines;
      start = end;
    }
  }
}

interface Block {
  /** Rows that are not blank, each with its first line counted from the block's. */
  rows: { cells: string[]; line: number }[];
  /** The first quoting error, where the reading stops, with the line and offset its row starts at. */
  error: (Papa.ParseError & { line: number; at: number }) | null;
  newlines: number;
}

function parseBlock(block: string, newline: Newline): Block {
  const read: Block = { rows: [], error: null, newlines: 0 };
  const lineEnd = lineBreak(newline);
  let last = 0;
  Papa.parse<string[]>(block, {
    delimiter: ",",
    quoteChar: '"',
    newline,
    step: (row, parser) => {
      const line = read.newlines;
      const rowAt = last;
      read.newlines += countOf(block, lineEnd, last, row.meta.cursor);
      last = row.meta.cursor;
      const error = row.errors[0];
      if (error) {
        read.error = { ...error, line, at: rowAt };
        parser.abort();
      } else if (row.data.some((c) => c.trim() !== "")) read.rows.push({ cells: row.data, line });
    },
  });
  return read;
}

/**
 * Where a block of whole rows from `start` ends: at the first line end past `size` characters that is outside
 * quotes (an even number of quote characters since `start`), or at the text's end.
 */
function blockEnd(text: string, start: number, size: number, newline: string): number {
  let end = start + size;
  if (end >= text.length) return text.length;
  let inside = countOf(text, '"', start, end);
  for (;;) {
    const nl = text.indexOf(newline, end);
    if (nl < 0) return text.length;
    inside += countOf(text, '"', end, nl + newline.length);
    end = nl + newline.length;
    if (inside % 2 === 0) return end;
  }
}

/** How many times `char` occurs in text[from, to); the search never runs past `to`. */
function countOf(text: string, char: string, from: number, to: number): number {
  const range = text.slice(from, to);
  let n = 0;
  for (let i = range.indexOf(char); i >= 0; i = range.indexOf(char, i + 1)) n++;
  return n;
}

function csvRecord(cells: string[], at: Partial<Record<string, number>>, columns: number, line: number): RawRecord {
  const cell = (c: string): string | undefined => {
    const i = at[c];
    const v = i === undefined ? undefined : cells[i]?.trim();
    return v ? v : undefined;
  };
  const problems: { field: string; message: Said }[] = [];
  // Cells past the header's columns are most often a comma written into an unquoted cell, which shifts every
  // cell after it: refused, unless they are empty (a trailing comma).
  if (cells.length > columns && cells.slice(columns).some((c) => c.trim() !== ""))
    problems.push({
      field: "row",
      message: {
        en: `has ${cells.length} cells but the header names ${columns} columns (is there a comma in a cell without quotes?)`,
        ko: `칸이 ${cells.length}개인데 머리글의 열은 ${columns}개입니다 (따옴표로 감싸지 않은 칸에 쉼표가 있나요?)`,
      },
    });
  const value: Record<string, unknown> = {
    deal: cell("deal"),
    observed_on: cell("observed_on"),
    kind: cell("kind"),
    from: cell("from") ?? null,
    to: cell("to"),
    round: cell("round"),
    status: cell("status"),
    amount: csvAmount(cell, problems),
  };
  const title = { en: cell("title_en"), ko: cell("title_ko") };
  if (title.en !== undefined || title.ko !== undefined) value.title = title;
  const publisher = cell("publisher");
  const url = cell("url");
  if (publisher !== undefined || url !== undefined)
    value.source = { publisher: publisher ?? "", url, lang: cell("lang") };
  const terms = cell("terms_json");
  if (terms !== undefined) {
    try {
      value.terms = JSON.parse(terms);
    } catch {
      problems.push({ field: "terms_json", message: said("is not valid JSON", "올바른 JSON이 아닙니다") });
    }
  }
  return { line, kind: "deal", value, field: csvField, problems };
}

function csvAmount(cell: (c: string) => string | undefined, problems: { field: string; message: Said }[]): unknown {
  const amount = cell("amount");
  const currency = cell("currency");
  const qualifier = cell("qualifier");
  const maxCell = cell("amount_max");
  if (amount === undefined) {
    if (maxCell !== undefined)
      problems.push({
        field: "amount",
        message: said("is empty but amount_max is set", "amount_max가 있는데 금액이 비어 있습니다"),
      });
    return null;
  }
  let max = maxCell === undefined ? undefined : num(maxCell);
  if (max !== undefined && Number.isNaN(max)) {
    problems.push({
      field: "amount_max",
      message: { en: `"${maxCell}" is not a number`, ko: `${withParticle(`"${maxCell}"`, "은/는")} 숫자가 아닙니다` },
    });
    max = undefined; // said once, here, rather than again by the schema
  }
  const plain = num(amount);
  if (!Number.isNaN(plain)) {
    return {
      value: plain,
      currency: currency ?? "USD",
      qualifier: qualifier ?? (max !== undefined ? "range" : "exact"),
      max,
    };
  }
  const parsed = parseMoney(amount, currency ? { defaultCurrency: currency.toUpperCase() } : {});
  if (!parsed.ok) {
    problems.push({ field: "amount", message: { en: parsed.error, ko: parsed.errorKo } });
    return null;
  }
  if (parsed.kind !== "money") {
    const shares = parsed.kind === "shares";
    problems.push({
      field: "amount",
      message: {
        en: `"${amount}" is ${shares ? "a share count" : "a capacity"}, not money`,
        ko: `${withParticle(`"${amount}"`, "은/는")} ${shares ? "주식 수" : "설비 용량"}이지 금액이 아닙니다`,
      },
    });
    return null;
  }
  const a = parsed.amount;
  if (currency !== undefined && currency.toUpperCase() !== a.currency) {
    problems.push({
      field: "currency",
      message: {
        en: `${currency} does not match the amount "${amount}" (${a.currency})`,
        ko: `금액 "${amount}"의 통화(${a.currency})와 ${withParticle(currency, "이/가")} 맞지 않습니다`,
      },
    });
  }
  return { value: a.value, currency: a.currency, qualifier: qualifier ?? a.qualifier, max: max ?? a.max };
}
