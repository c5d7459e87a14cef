/** NDJSON: one object a line, `"type": "company" | "deal" | "fx"`; blank lines are skipped. */
import { isUtf8 } from "node:buffer";
import { CanonicalDealReader } from "./canonical-deal.js";
import { canonicalBodyAt } from "./canonical-line.js";
import { notValid, said } from "./problem-text.js";
import type { RawRecord, ReadResult } from "./records.js";

const TYPES = new Set(["company", "deal", "fx"]);
const NOT_AN_OBJECT = said("must be a JSON object", "JSON 객체여야 합니다");
const UNKNOWN_TYPE = said('must be "company", "deal" or "fx"', '"company", "deal", "fx" 가운데 하나여야 합니다');

/**
 * Records are read as they are iterated (once), so each line's objects can go as soon as it is checked.
 * Given a file's bytes (UTF-8), each line is decoded on its own: a file with one Korean name would
 * otherwise be decoded whole into a two-byte string, twice the memory, that every line is then parsed from.
 */
export function readNdjson(text: string | Buffer): ReadResult {
  const problems: ReadResult["problems"] = [];
  return { records: lines(text, problems), problems };
}

function* lines(text: string | Buffer, problems: ReadResult["problems"]): Generator<RawRecord> {
  const bytes = typeof text === "string" ? null : text;
  // Canonical lines are found only in valid UTF-8: their bodies are then stored as the file's bytes.
  const canonical = bytes !== null && isUtf8(bytes);
  const deals = new CanonicalDealReader();
  let line = 0;
  for (let start = 0; start < text.length; ) {
    let end = bytes ? bytes.indexOf(0x0a, start) : (text as string).indexOf("\n", start);
    if (end < 0) end = text.length;
    const raw = (bytes ? bytes.toString("utf8", start, end) : (text as string).slice(start, end)).trim();
    const lineStart = start;
    start = end + 1;
    line++;
    if (raw === "") continue;
    // A canonical deal line is read into its observation without JSON.parse, when every value is one the check
    // takes as it is.
    const bodyAt = canonical ? canonicalBodyAt(raw, bytes as Buffer, lineStart, end) : null;
    if (bodyAt !== null) {
      const checked = deals.read(raw);
      if (checked) {
        yield { line, kind: "deal", value: checked, checked, bodyAt };
        continue;
      }
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      problems.push({ line, field: "line", message: notValid("JSON", e) });
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push({ line, field: "line", message: NOT_AN_OBJECT });
      continue;
    }
    // `type` stays in the object: the record schemas drop keys they do not know.
    const type = (value as Record<string, unknown>).type;
    if (typeof type !== "string" || !TYPES.has(type)) {
      problems.push({ line, field: "type", message: UNKNOWN_TYPE });
      continue;
    }
    if (bodyAt !== null) {
      yield { line, kind: "deal", value, bodyAt };
      continue;
    }
    yield { line, kind: type as RawRecord["kind"], value };
  }
}
