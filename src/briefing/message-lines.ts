/**
 * The small line format templates render, turned into a NeutralMessage:
 *   summary: …   header: …   section: …   context: …   list: [title]   item: …
 *   field: label :: value   divider
 * A line with no marker continues the previous one (joined with a space), so templates can wrap.
 */
import type { Block, NeutralMessage } from "./message.js";
import { inlineToPlain } from "./sanitize.js";

const MARKER = /^(summary|header|section|context|list|item|field):\s?(.*)$/;

/** Turns the template line format into a message; throws on a line that belongs nowhere (a template bug). */
export function parseMessageLines(text: string): NeutralMessage {
  const blocks: Block[] = [];
  let summary = "";
  let last: { set: (more: string) => void } | null = null;
  let list: Extract<Block, { type: "list" }> | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    if (line === "divider") {
      blocks.push({ type: "divider" });
      last = null;
      list = null;
      continue;
    }
    const m = MARKER.exec(line);
    if (!m) {
      if (!last) throw new Error(`template line outside any block: ${line}`);
      last.set(line);
      continue;
    }
    const marker = m[1] as string;
    const body = (m[2] ?? "").trim();
    if (marker === "item") {
      if (!list) {
        list = { type: "list", items: [] };
        blocks.push(list);
      }
      const items = list.items;
      items.push(body);
      const idx = items.length - 1;
      last = { set: (more) => (items[idx] = `${items[idx]} ${more}`.trim()) };
      continue;
    }
    list = null;
    if (marker === "summary") {
      summary = summary ? `${summary} ${body}` : body;
      last = { set: (more) => (summary = `${summary} ${more}`) };
    } else if (marker === "list") {
      list = body ? { type: "list", title: body, items: [] } : { type: "list", items: [] };
      blocks.push(list);
      last = null;
    } else if (marker === "field") {
      const [label, ...rest] = body.split(" :: ");
      const prev = blocks[blocks.length - 1];
      const field = { label: (label ?? "").trim(), value: rest.join(" :: ").trim() };
      if (prev?.type === "fields") prev.fields.push(field);
      else blocks.push({ type: "fields", fields: [field] });
      last = { set: (more) => (field.value = `${field.value} ${more}`) };
    } else {
      const block = { type: marker as "header" | "section" | "context", text: body };
      blocks.push(block);
      last = { set: (more) => (block.text = `${block.text} ${more}`) };
    }
  }
  const cleaned = blocks.filter((b) => b.type !== "list" || b.items.length > 0);
  return { summary: inlineToPlain(summary), blocks: cleaned };
}
