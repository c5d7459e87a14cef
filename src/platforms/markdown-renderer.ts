/** NeutralMessage → CommonMark, for docs, files and anywhere Markdown is pasted. Pure. */
import type { Block, NeutralMessage } from "../briefing/message.js";
import { inlineToPlain, markdownEscape, parseInline } from "../briefing/sanitize.js";

/** Neutral inline markup → Markdown with literal text escaped. */
export function toMarkdownInline(src: string): string {
  return parseInline(src)
    .map((s) => {
      if (s.kind === "link")
        return `[${markdownEscape(s.label)}](${s.url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
      const t = markdownEscape(s.text);
      if (s.kind === "bold") return `**${t}**`;
      if (s.kind === "italic") return `*${t}*`;
      return t;
    })
    .join("");
}

function block(b: Block): string {
  switch (b.type) {
    case "header":
      return `## ${markdownEscape(inlineToPlain(b.text))}`;
    case "section":
      return toMarkdownInline(b.text);
    case "context":
      return `*${toMarkdownInline(b.text)}*`;
    case "divider":
      return "---";
    case "fields":
      return b.fields
        .map((f) => `- **${markdownEscape(inlineToPlain(f.label))}**: ${toMarkdownInline(f.value)}`)
        .join("\n");
    case "list": {
      const items = b.items.map((i) => `- ${toMarkdownInline(i)}`).join("\n");
      return b.title ? `**${markdownEscape(inlineToPlain(b.title))}**\n\n${items}` : items;
    }
  }
}

export function renderMarkdown(msg: NeutralMessage): string {
  if (msg.blocks.length === 0) return `${markdownEscape(msg.summary)}\n`;
  return `${msg.blocks.map(block).join("\n\n")}\n`;
}
