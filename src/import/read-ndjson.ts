/** NDJSON: one object a line, `"type": "company" | "deal" | "fx"`; blank lines are skipped. */
import type { RawRecord, ReadResult } from "./records.js";

const TYPES = new Set(["company", "deal", "fx"]);

/** Records are read as they are iterated (once), so each line's objects can go as soon as it is checked. */
export function readNdjson(text: string): ReadResult {
  const problems: ReadResult["problems"] = [];
  return { records: lines(text, problems), problems };
}

function* lines(text: string, problems: ReadResult["problems"]): Generator<RawRecord> {
  let line = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    line++;
    if (raw === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      problems.push({ line, field: "line", message: `not valid JSON (${e instanceof Error ? e.message : String(e)})` });
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push({ line, field: "line", message: "must be a JSON object" });
      continue;
    }
    // `type` stays in the object: the record schemas drop keys they do not know.
    const type = (value as Record<string, unknown>).type;
    if (typeof type !== "string" || !TYPES.has(type)) {
      problems.push({ line, field: "type", message: 'must be "company", "deal" or "fx"' });
      continue;
    }
    yield { line, kind: type as RawRecord["kind"], value };
  }
}
