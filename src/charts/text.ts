/** Text helpers for SVG: XML escaping and approximate widths (no font metrics at layout time). */

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escapes text for use in SVG element content and attribute values; drops XML-illegal control characters. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
      .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)
  );
}

function isWide(code: number): boolean {
  return (
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul syllables
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3130 && code <= 0x318f) ||
    (code >= 0x3000 && code <= 0x9fff) || // CJK punctuation and ideographs
    (code >= 0xff00 && code <= 0xffef)
  );
}

/**
 * Approximate advance width of `text` in pixels at `fontSize` in Noto Sans KR: Hangul ≈ 1 em,
 * Latin ≈ 0.55 em, narrow punctuation less. Errs slightly wide so boxes never clip their text.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (isWide(code)) em += 1;
    else if (ch === " ") em += 0.26;
    else if (".,:;'!|·()[]".includes(ch)) em += 0.3;
    else if (/[ilIjft]/.test(ch)) em += 0.32;
    else if (/[mwMW]/.test(ch)) em += 0.85;
    else if (/[A-Z0-9$~–—%]/.test(ch)) em += 0.62;
    else em += 0.56;
  }
  return em * fontSize * (bold ? 1.05 : 1);
}

/** Shortens `text` with an ellipsis so it fits `maxWidth`. */
export function fitText(text: string, fontSize: number, maxWidth: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join("")}…`, fontSize, bold) > maxWidth) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}
