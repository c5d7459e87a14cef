/** `dealgraph/v1` JSON: `{format, companies: [...], deals: [...], fx: [...]}`. */
import { withParticle } from "../domain/korean.js";
import { notValid, said } from "./problem-text.js";
import { lineAt, type RawRecord, type ReadResult, type RecordKind } from "./records.js";

const SECTIONS: Record<string, RecordKind> = { companies: "company", deals: "deal", fx: "fx" };

/**
 * Lines where the elements of the top-level arrays start, per top-level key. A small scanner over the
 * text (strings and nesting only), because JSON.parse keeps no positions.
 */
export function elementLines(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const stack: string[] = [];
  let line = 1;
  let key: string | null = null;
  let lastString: string | null = null;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") continue;
    if (stack.length === 2 && stack[1] === "[" && expectElement && c !== "]") {
      if (key !== null) {
        let list = out.get(key);
        if (!list) {
          list = [];
          out.set(key, list);
        }
        list.push(line);
      }
      expectElement = false;
    }
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      if (stack.length === 1) lastString = text.slice(start + 1, i);
      continue;
    }
    if (c === ":" && stack.length === 1) key = lastString;
    else if (c === "{" || c === "[") {
      stack.push(c);
      if (stack.length === 2 && c === "[") expectElement = true;
    } else if (c === "}" || c === "]") stack.pop();
    else if (c === "," && stack.length === 2 && stack[1] === "[") expectElement = true;
  }
  return out;
}

export function readJson(text: string): ReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    return {
      records: [],
      problems: [{ line: pos ? lineAt(text, Number(pos[1])) : 1, field: "file", message: notValid("JSON", e) }],
    };
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return {
      records: [],
      problems: [
        {
          line: 1,
          field: "file",
          message: said(
            "must be a JSON object with companies, deals and fx",
            "companies, deals, fx를 담은 JSON 객체여야 합니다",
          ),
        },
      ],
    };
  }
  const obj = doc as Record<string, unknown>;
  const problems: ReadResult["problems"] = [];
  if (obj.format !== undefined && obj.format !== "dealgraph/v1") {
    const found = JSON.stringify(obj.format);
    problems.push({
      line: 1,
      field: "format",
      message: {
        en: `must be "dealgraph/v1", not ${found}`,
        ko: `${withParticle(found, "이/가")} 아니라 "dealgraph/v1"이어야 합니다`,
      },
    });
  }
  const lines = elementLines(text);
  const records: RawRecord[] = [];
  for (const [section, kind] of Object.entries(SECTIONS)) {
    const list = obj[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push({ line: 1, field: section, message: said("must be a list", "목록이어야 합니다") });
      continue;
    }
    const at = lines.get(section) ?? [];
    list.forEach((value, i) => {
      records.push({ line: at[i] ?? 1, kind, value });
    });
  }
  return { records, problems };
}
