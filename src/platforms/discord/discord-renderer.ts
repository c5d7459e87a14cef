/**
 * NeutralMessage → Discord messages of one embed each. Pure. Enforces Discord's limits (description
 * 4096, title 256, 25 fields of 256/1024, 6000 characters per message, content 2000) by splitting
 * between list items and paragraphs, never inside an item; later embeds are titled as continuations.
 */
import type { Block, NeutralMessage } from "../../briefing/message.js";
import { discordEscape, inlineToPlain, parseInline } from "../../briefing/sanitize.js";
import { continuationLabel, splitText, truncate } from "../../briefing/split.js";

export const DISCORD_LIMITS = {
  description: 4096,
  title: 256,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  total: 6000,
  content: 2000,
};
export const EMBED_COLOR = 0x2f6fde;

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color: number;
  fields?: { name: string; value: string; inline?: boolean }[];
}

export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
}

/** Neutral inline markup → Discord markdown, literal text escaped and mentions defused. */
export function toDiscordMarkdown(src: string): string {
  return parseInline(src)
    .map((s) => {
      if (s.kind === "link")
        return `[${discordEscape(s.label)}](${s.url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
      const t = discordEscape(s.text);
      if (s.kind === "bold") return `**${t}**`;
      if (s.kind === "italic") return `*${t}*`;
      return t;
    })
    .join("");
}

/** Embed titles and field names show no markdown and ping no one; mentions are still broken for safety. */
function defuse(text: string): string {
  return text.replace(/@(everyone|here)/gi, "@\u200b$1").replace(/<(@[!&]?|#)/g, "<$1\u200b");
}

type Unit =
  | { kind: "text"; text: string; gap: boolean; listTitle?: string }
  | { kind: "field"; name: string; value: string };

function blockUnits(b: Block, cont: string): Unit[] {
  const max = DISCORD_LIMITS.description;
  switch (b.type) {
    case "header":
      return [];
    case "section":
      return splitText(toDiscordMarkdown(b.text), max).map((text, i) => ({ kind: "text", text, gap: i === 0 }));
    case "context":
      return splitText(toDiscordMarkdown(b.text), max - 2).map((text, i) => ({
        kind: "text",
        text: `*${text}*`,
        gap: i === 0,
      }));
    case "divider":
      return [{ kind: "text", text: "", gap: false }];
    case "fields":
      return b.fields.map((f) => ({
        kind: "field",
        name: truncate(defuse(inlineToPlain(f.label)), DISCORD_LIMITS.fieldName),
        value: truncate(toDiscordMarkdown(f.value), DISCORD_LIMITS.fieldValue),
      }));
    case "list": {
      const title = b.title ? `**${discordEscape(inlineToPlain(b.title))}**` : "";
      const reserve = title ? title.length + cont.length + 4 : 0;
      const out: Unit[] = [];
      if (title) out.push({ kind: "text", text: title, gap: true });
      for (const item of b.items) {
        const text = truncate(`• ${toDiscordMarkdown(item)}`, max - reserve);
        out.push({ kind: "text", text, gap: false, ...(title ? { listTitle: title } : {}) });
      }
      return out;
    }
  }
}

interface Page {
  title?: string;
  lines: string[];
  fields: { name: string; value: string }[];
  /** Length of `lines.join("\n")` and of the fields' names and values, kept as lines are added. */
  descLen: number;
  fieldsLen: number;
}

const pageSize = (p: Page) => (p.title?.length ?? 0) + p.descLen + p.fieldsLen;

/** Description length after appending `lines`. */
function grownLength(page: Page, lines: string[]): number {
  const added = lines.reduce((n, l) => n + l.length, 0) + lines.length;
  return page.lines.length === 0 ? added - 1 : page.descLen + added;
}

/** Lines of a unit as it is appended to a page (a blank line before a new paragraph). */
function unitLines(page: Page, u: Extract<Unit, { kind: "text" }>, cont: string): string[] {
  const lines: string[] = [];
  if (page.lines.length === 0 && u.listTitle) lines.push(`${u.listTitle.slice(0, -2)} ${cont}**`);
  else if (u.gap && page.lines.length > 0 && page.lines.at(-1) !== "") lines.push("");
  lines.push(u.text);
  return lines;
}

/** One or more Discord messages, each one embed within Discord's limits. */
export function renderDiscord(msg: NeutralMessage): DiscordMessage[] {
  const cont = continuationLabel(msg);
  const header = msg.blocks.find((b) => b.type === "header");
  const title =
    header && header.type === "header"
      ? truncate(defuse(inlineToPlain(header.text)), DISCORD_LIMITS.title - cont.length - 1)
      : undefined;
  const all = msg.blocks.flatMap((b) => blockUnits(b, cont));
  const pages: Page[] = [];
  const empty = (t: string | undefined): Page => ({
    ...(t ? { title: t } : {}),
    lines: [],
    fields: [],
    descLen: 0,
    fieldsLen: 0,
  });
  let page = empty(title);
  const fresh = (): Page => empty(title ? `${title} ${cont}` : cont);
  for (const u of all) {
    if (u.kind === "field") {
      const size = u.name.length + u.value.length;
      if (page.fields.length >= DISCORD_LIMITS.fields || pageSize(page) + size > DISCORD_LIMITS.total) {
        pages.push(page);
        page = fresh();
      }
      page.fields.push({ name: u.name, value: u.value });
      page.fieldsLen += size;
      continue;
    }
    let lines = unitLines(page, u, cont);
    let grown = grownLength(page, lines);
    const total = (page.title?.length ?? 0) + grown + page.fieldsLen;
    if (page.lines.length > 0 && (grown > DISCORD_LIMITS.description || total > DISCORD_LIMITS.total)) {
      pages.push(page);
      page = fresh();
      lines = unitLines(page, u, cont).filter((l, i) => !(i === 0 && l === ""));
      grown = grownLength(page, lines);
    }
    page.lines.push(...lines);
    page.descLen = grown;
  }
  if (page.lines.length > 0 || page.fields.length > 0 || page.title) pages.push(page);
  const cleaned = pages.filter((p) => p.lines.some((l) => l !== "") || p.fields.length > 0 || pages.length === 1);
  if (cleaned.length === 0 || (msg.blocks.length === 0 && msg.summary)) {
    return [{ content: truncate(discordEscape(inlineToPlain(msg.summary)), DISCORD_LIMITS.content), embeds: [] }];
  }
  return cleaned.map((p) => {
    const embed: DiscordEmbed = { color: EMBED_COLOR };
    if (p.title) embed.title = p.title;
    const description = p.lines.join("\n").replace(/^\n+|\n+$/g, "");
    if (description) embed.description = description;
    if (p.fields.length > 0) embed.fields = p.fields.map((f) => ({ ...f, inline: false }));
    return { embeds: [embed] };
  });
}
