/** NDJSON: one object a line, `"type": "company" | "deal" | "fx"`; blank lines are skipped. */
import type { RawRecord, ReadResult } from "./records.js";

const TYPES = new Set(["company", "deal", "fx"]);

export function readNdjson(text: string): ReadResult {
  const records: RawRecord[] = [];
  const problems: ReadResult["problems"] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]?.trim() ?? "";
    if (raw === "") continue;
    const line = i + 1;
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
    records.push({ line, kind: type as RawRecord["kind"], value });
  }
  return { records, problems };
}
