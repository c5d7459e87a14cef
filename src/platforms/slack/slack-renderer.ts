/**
 * NeutralMessage → Slack Block Kit messages. Pure. Enforces Slack's limits (50 blocks per message,
 * 3000 characters per section text, 150 per header, 10 fields per section) and a budget for the
 * text of a whole message by splitting between list items and paragraphs, never inside an item;
 * later messages are marked as continuations.
 */
import type { Block, NeutralMessage } from "../../briefing/message.js";
import { inlineToPlain, parseInline, slackEscape } from "../../briefing/sanitize.js";
import { chunkLines, continuationLabel, splitText, truncate } from "../../briefing/split.js";

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  /** The notification/fallback `text` of a message. */
  text: 3000,
  /**
   * All block text of one message, continuation marker included. Slack cuts `text` at 40,000
   * characters and answers `msg_too_long` to large block payloads well before that; a message
   * of this size is also about as much as a reader takes in at once.
   */
  messageText: 12_000,
};

function unitLength(u: Unit): number {
  const b = u.block;
  if (b.type === "section") return (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((n, f) => n + f.text.length, 0);
  if (b.type === "context") return b.elements.reduce((n, e) => n + e.text.length, 0);
  if (b.type === "header") return b.text.text.length;
  return 0;
}

export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string; emoji: boolean } }
  | { type: "section"; text?: { type: "mrkdwn"; text: string }; fields?: { type: "mrkdwn"; text: string }[] }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] }
  | { type: "divider" };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const ZWSP = "\u200b";

/** Neutral inline markup → mrkdwn, with literal text escaped and mentions defused. */
export function toMrkdwn(src: string): string {
  return parseInline(src)
    .map((s) => {
      if (s.kind === "link") {
        const url = s.url.replace(/&/g, "&amp;").replace(/[|<>]/g, (c) => encodeURIComponent(c));
        return `<${url}|${slackEscape(s.label).replace(/\|/g, "¦")}>`;
      }
      const t = slackEscape(s.text);
      if (s.kind === "bold") return `*${t}*`;
      if (s.kind === "italic") return `_${t}_`;
      return t;
    })
    .join("");
}

/** plain_text is shown as typed, so only mentions need defusing. */
function plainText(src: string): string {
  return inlineToPlain(src)
    .replace(/<([!@#])/g, `<${ZWSP}$1`)
    .replace(/@(everyone|here|channel)/gi, `@${ZWSP}$1`);
}

interface Unit {
  block: SlackBlock;
  /** For a chunk of a list after its first: the title to repeat when it opens a page. */
  listTitle?: string;
}

function section(text: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function units(msg: NeutralMessage, cont: string): Unit[] {
  const out: Unit[] = [];
  for (const b of msg.blocks) out.push(...blockUnits(b, cont));
  return out;
}

function blockUnits(b: Block, cont: string): Unit[] {
  const max = SLACK_LIMITS.sectionText;
  switch (b.type) {
    case "header":
      return [
        {
          block: {
            type: "header",
            text: { type: "plain_text", text: truncate(plainText(b.text), SLACK_LIMITS.headerText), emoji: true },
          },
        },
      ];
    case "section":
      return splitText(toMrkdwn(b.text), max).map((t) => ({ block: section(t) }));
    case "context":
      return splitText(toMrkdwn(b.text), max).map((t) => ({
        block: { type: "context", elements: [{ type: "mrkdwn", text: t }] },
      }));
    case "divider":
      return [{ block: { type: "divider" } }];
    case "fields": {
      const fields = b.fields.map((f) => ({
        type: "mrkdwn" as const,
        text: truncate(`*${slackEscape(inlineToPlain(f.label))}*\n${toMrkdwn(f.value)}`, SLACK_LIMITS.fieldText),
      }));
      const out: Unit[] = [];
      for (let i = 0; i < fields.length; i += SLACK_LIMITS.fields)
        out.push({ block: { type: "section", fields: fields.slice(i, i + SLACK_LIMITS.fields) } });
      return out;
    }
    case "list": {
      const title = b.title ? `*${slackEscape(inlineToPlain(b.title))}*` : "";
      const reserve = title ? title.length + cont.length + 2 : 0;
      const chunks = chunkLines(
        b.items.map((i) => `• ${toMrkdwn(i)}`),
        max - reserve,
      );
      return chunks.map((lines, i) => {
        const text = i === 0 && title ? [title, ...lines].join("\n") : lines.join("\n");
        return i > 0 && title ? { block: section(text), listTitle: title } : { block: section(text) };
      });
    }
  }
}

/**
 * Packs units into messages of at most 50 blocks whose text stays within the message budget; a
 * later message also holds the continuation marker (`laterReserve` characters, one block).
 */
function paginate(all: Unit[], laterReserve: number): Unit[][] {
  const pages: Unit[][] = [];
  let page: Unit[] = [];
  let text = 0;
  for (const u of all) {
    const later = pages.length > 0;
    const len = unitLength(u);
    const full =
      page.length >= SLACK_LIMITS.blocks - (later ? 1 : 0) ||
      text + len > SLACK_LIMITS.messageText - (later ? laterReserve : 0);
    if (page.length > 0 && full) {
      pages.push(page);
      page = [];
      text = 0;
    }
    page.push(u);
    text += len;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** One or more Slack messages; each has ≤ 50 blocks, ≤ 12,000 characters of text and no text over Slack's limits. */
export function renderSlack(msg: NeutralMessage): SlackMessage[] {
  const cont = continuationLabel(msg);
  const header = msg.blocks.find((b) => b.type === "header");
  const headerText = header && header.type === "header" ? plainText(header.text) : "";
  const marker = slackEscape(truncate(headerText ? `${headerText} ${cont}` : cont, SLACK_LIMITS.sectionText));
  const all = units(msg, cont);
  // A later page opens with the marker and may repeat a list title with the continuation label.
  const titleExtra = all.reduce((n, u) => Math.max(n, u.listTitle ? u.listTitle.length + cont.length + 2 : 0), 0);
  const pages = paginate(all, marker.length + titleExtra);
  const summary = truncate(plainText(msg.summary), SLACK_LIMITS.text - cont.length - 1);
  if (pages.length === 0) return [{ text: summary, blocks: [] }];
  return pages.map((page, index) => {
    const blocks: SlackBlock[] = [];
    if (index > 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: marker }] });
    let first = true;
    for (const u of page) {
      if (index > 0 && first && u.block.type === "divider") continue;
      if (index > 0 && first && u.listTitle && u.block.type === "section" && u.block.text) {
        blocks.push(section(`${u.listTitle.slice(0, -1)} ${cont}*\n${u.block.text.text}`));
      } else blocks.push(u.block);
      first = false;
    }
    return { text: index > 0 ? `${summary} ${cont}` : summary, blocks };
  });
}
