/** NeutralMessage → plain text for the console and logs. Pure; links print as `label <url>`. */
import type { Block, NeutralMessage } from "../briefing/message.js";
import { inlineToPlain, parseInline } from "../briefing/sanitize.js";

export function toPlainInline(src: string): string {
  return parseInline(src)
    .map((s) => (s.kind === "link" ? `${s.label} <${s.url}>` : s.text))
    .join("");
}

function block(b: Block): string {
  switch (b.type) {
    case "header":
      return inlineToPlain(b.text);
    case "section":
    case "context":
      return toPlainInline(b.text);
    case "divider":
      return "";
    case "fields":
      return b.fields.map((f) => `${inlineToPlain(f.label)}: ${toPlainInline(f.value)}`).join("\n");
    case "list": {
      const items = b.items.map((i) => `• ${toPlainInline(i)}`).join("\n");
      return b.title ? `${inlineToPlain(b.title)}\n${items}` : items;
    }
  }
}

/** Blocks separated by blank lines; a divider is the blank line itself. */
export function renderText(msg: NeutralMessage): string {
  if (msg.blocks.length === 0) return `${msg.summary}\n`;
  const parts = msg.blocks.map(block).filter((p) => p !== "");
  return `${parts.join("\n\n")}\n`;
}
