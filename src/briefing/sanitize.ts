/**
 * The neutral inline markup (`**bold**`, `_italic_`, `[label](https://url)`, see message.ts) and how
 * untrusted text is kept out of it. Anything that came from data (titles, publishers, notes) goes
 * through `escapeInline` before it meets the markup, so a title such as `[click](http://evil)` stays
 * literal text; only `linkInline` builds links, and only to http(s) URLs. Renderers then parse with
 * `parseInline` and neutralise mentions for their platform.
 */

export type InlineSegment =
  | { kind: "text"; text: string }
  | { kind: "bold"; text: string }
  | { kind: "italic"; text: string }
  | { kind: "link"; label: string; url: string };

const MARKUP_CHARS = /[\\*_[\]()]/g;
const backslashed = (c: string) => `\\${c}`;
/** Text that `escapeInline` would return unchanged: no markup character, no run of whitespace to fold. */
const PLAIN_INLINE = /^(?:[^\s\\*_[\]()]| (?! ))*$/;

/** Makes untrusted text literal in the neutral markup; line breaks collapse to spaces. */
export function escapeInline(text: string): string {
  if (PLAIN_INLINE.test(text) && !text.startsWith(" ") && !text.endsWith(" ")) return text;
  return text.replace(/\s+/g, " ").trim().replace(MARKUP_CHARS, backslashed);
}

/** An http(s) URL we are willing to link to, or null. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url.trim());
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.toString().replace(/[()\s]/g, (c) => encodeURIComponent(c));
  } catch {
    return null;
  }
}

/** A link in the neutral markup; without a safe URL, the label alone. `label` is untrusted text. */
export function linkInline(label: string, url: string | null | undefined): string {
  const safe = safeUrl(url);
  const text = escapeInline(label);
  return safe ? `[${text}](${safe})` : text;
}

const LINK = /^\[((?:\\.|[^\]\\])*)\]\((https?:\/\/[^\s()]+)\)/;

function unescapeInline(text: string): string {
  return text.includes("\\") ? text.replace(/\\(.)/g, "$1") : text;
}

/** Characters that may start markup; everything between them is copied in one slice. */
const INLINE_SPECIAL = /[\\*_[]/g;

/** Splits neutral inline markup into segments; backslash-escaped characters are literal. */
export function parseInline(src: string): InlineSegment[] {
  const out: InlineSegment[] = [];
  let buf = "";
  let style: "text" | "bold" | "italic" = "text";
  const flush = () => {
    if (buf) out.push(style === "text" ? { kind: "text", text: buf } : { kind: style, text: buf });
    buf = "";
  };
  let i = 0;
  while (i < src.length) {
    INLINE_SPECIAL.lastIndex = i;
    const next = INLINE_SPECIAL.exec(src);
    if (!next) {
      buf += src.slice(i);
      break;
    }
    if (next.index > i) buf += src.slice(i, next.index);
    i = next.index;
    const c = next[0];
    if (c === "\\" && i + 1 < src.length) {
      buf += src[i + 1];
      i += 2;
    } else if (c === "*" && src[i + 1] === "*" && style !== "italic") {
      flush();
      style = style === "bold" ? "text" : "bold";
      i += 2;
    } else if (c === "_" && style !== "bold" && (style === "italic" || isWordStart(src, i))) {
      flush();
      style = style === "italic" ? "text" : "italic";
      i += 1;
    } else if (c === "[" && style === "text") {
      const m = LINK.exec(src.slice(i));
      if (m) {
        flush();
        out.push({ kind: "link", label: unescapeInline(m[1] ?? ""), url: m[2] ?? "" });
        i += m[0].length;
      } else {
        buf += c;
        i += 1;
      }
    } else {
      buf += c;
      i += 1;
    }
  }
  flush();
  return out;
}

/** `_` opens italics only at a word start with a closing `_` ahead, so `a_b` stays literal. */
function isWordStart(src: string, i: number): boolean {
  const before = i === 0 ? " " : (src[i - 1] as string);
  if (!/[\s(\u3000]/.test(before)) return false;
  for (let j = i + 2; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === "_") return true;
  }
  return false;
}

/** The markup removed: what a reader sees, used for plain-text fallbacks and length checks. */
export function inlineToPlain(src: string): string {
  return parseInline(src)
    .map((s) => (s.kind === "link" ? s.label : s.text))
    .join("");
}

const ZWSP = "\u200b";
const zwspBefore = (c: string) => `${ZWSP}${c}`;
// Characters any replacement in the escapes below could touch; text without them comes back unchanged.
const SLACK_SPECIAL = /[&<>*_~`@]/;
const DISCORD_SPECIAL = /[\\*_`[\]~|@<]|^[#>-]/;
const MARKDOWN_SPECIAL = /[\\*_~`<>[\]@]|^[#+-]/;

/**
 * Slack mrkdwn text: `& < >` escaped (which also defuses `<!channel>`, `<@U1>`), `@here`/`@everyone`
 * broken, and formatting characters preceded by a zero-width space (mrkdwn has no escape for them).
 */
export function slackEscape(text: string): string {
  if (!SLACK_SPECIAL.test(text)) return text;
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[*_~`]/g, zwspBefore)
    .replace(/@(everyone|here|channel)/gi, `@${ZWSP}$1`);
}

/** Discord markdown text: markdown characters escaped, mass and user/role/channel mentions broken. */
export function discordEscape(text: string): string {
  if (!DISCORD_SPECIAL.test(text)) return text;
  return text
    .replace(/[\\*_`[\]]/g, backslashed)
    .replace(/~~/g, "\\~\\~")
    .replace(/\|\|/g, "\\|\\|")
    .replace(/^([#>-])/, "\\$1")
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#)/g, `<$1${ZWSP}`);
}

/** CommonMark text: markdown characters escaped, mass mentions broken (Markdown may be pasted anywhere). */
export function markdownEscape(text: string): string {
  if (!MARKDOWN_SPECIAL.test(text)) return text;
  return text
    .replace(/[\\*_~`<>[\]]/g, backslashed)
    .replace(/^([#+-])/, "\\$1")
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`);
}
