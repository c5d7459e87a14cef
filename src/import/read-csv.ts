/**
 * CSV: one observation a row, columns (SPEC §2) `deal, observed_on, kind, from, to, amount, currency,
 * qualifier, amount_max, status, title_en, title_ko, publisher, url, round, terms_json` (+ optional `lang`).
 * The amount cell is a number or money text (`1000억 달러`, `$5.4B`) read by the one money parser.
 */
import { parse } from "csv-parse/sync";
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

export function readCsv(text: string): ReadResult {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    });
  } catch (e) {
    const err = e as { lines?: number };
    return {
      records: [],
      problems: [{ line: err.lines ?? 1, field: "file", message: notValid("CSV", e) }],
    };
  }
  const problems: ReadResult["problems"] = [];
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const columns = header.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  for (const c of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(c))
      problems.push({ line: 1, field: c || "(empty)", message: UNKNOWN_COLUMN });
  }
  for (const c of REQUIRED)
    if (!columns.includes(c))
      problems.push({ line: 1, field: c, message: said("column is missing", "필수 열이 없습니다") });
  if (problems.length > 0) return { records: [], problems };

  const records = rows.map(({ record: r, info }) => csvRecord(r, info.lines));
  return { records, problems };
}

function csvRecord(r: Record<string, string>, line: number): RawRecord {
  const cell = (c: string): string | undefined => {
    const v = r[c]?.trim();
    return v ? v : undefined;
  };
  const problems: { field: string; message: Said }[] = [];
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
