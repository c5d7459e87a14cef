/**
 * NDJSON deal lines already written as the store writes an observation: `{"type":"deal",` and then, key for
 * key, the canonical body (`canonicalObservation`, as JSON.stringify writes it). Such a line holds its body,
 * so the import stores those bytes of the file instead of writing the JSON again, and hands the writer where
 * they are instead of the values. Files written in the store's key order (the bench's, or any tool's that
 * follows it) are read this way; any other line is read as before.
 *
 * The pattern admits only what JSON.stringify would write the same way: strings with no escape, control
 * character or surrogate; amounts as integers of up to 15 digits or short decimals (every such number prints
 * back as written); currencies in capitals; the optional members in their canonical order, none empty. Terms
 * (whose keys the import sorts and filters) never match.
 */

const TEXT = String.raw`"[^"\\\x00-\x1f\ud800-\udfff]+"`;
/** Integers below 10^15, or decimals with at most 9 + 6 digits and no trailing zero: each prints as written. */
const NUMBER = String.raw`(?:0|[1-9]\d{0,14}|(?:0|[1-9]\d{0,8})\.\d{0,5}[1-9])`;
const AMOUNT = String.raw`\{"value":${NUMBER},"currency":"[A-Z]{3}","qualifier":${TEXT}(?:,"max":${NUMBER})?\}`;
const TITLE = String.raw`\{(?:"en":${TEXT}(?:,"ko":${TEXT})?|"ko":${TEXT})\}`;
const SOURCE = String.raw`\{"publisher":${TEXT}(?:,"url":${TEXT})?(?:,"lang":${TEXT})?\}`;

const CANONICAL_LINE = new RegExp(
  String.raw`^\{"type":"deal","deal":${TEXT},"observed_on":${TEXT},"kind":${TEXT},"from":(?:null|${TEXT}),` +
    String.raw`"to":${TEXT},"amount":(?:null|${AMOUNT}),"status":${TEXT}(?:,"round":${TEXT})?(?:,"title":${TITLE})?` +
    String.raw`(?:,"source":${SOURCE})?\}$`,
);

/** Bytes of the `{"type":"deal",` a canonical line starts with; its body's members follow. */
const TYPE_MEMBER = 15;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const NEWLINE = 0x0a;

/**
 * Where a canonical line starts in its file's bytes: a small integer (so a row handed to the writer holds no
 * boxed number) that leads to the body. The body is that observation's only if validation takes the record as
 * it is and the line names its companies by id: see RecordValidator.
 */
export type BodyAt = number;

/**
 * Where the line `line` (bytes[start, end) decoded and trimmed, `end` at its newline or the file's end) is,
 * when it is canonical; else null. A line with anything but ASCII white space around it is read as any other.
 */
export function canonicalBodyAt(line: string, bytes: Uint8Array, start: number, end: number): BodyAt | null {
  if (bytes[start] !== OPEN_BRACE || !CANONICAL_LINE.test(line)) return null;
  // Anything trim() took after the closing brace must be ASCII white space, so bodyAt finds the brace again.
  for (let i = lastBrace(bytes, start, end); i < end; i++) if (!isAsciiSpace(bytes[i] as number)) return null;
  return start;
}

/** The body of the canonical line at `at` in `bytes` (a file's UTF-8). */
export function bodyAt(bytes: Buffer, at: BodyAt): string {
  let end = bytes.indexOf(NEWLINE, at);
  if (end < 0) end = bytes.length;
  return `{${bytes.toString("utf8", at + TYPE_MEMBER, lastBrace(bytes, at, end))}`;
}

/**
 * The body of the canonical line at `at` as a run of `bytes` itself, for a writer that owns them: the `,` before
 * `"deal"` becomes the body's `{` (bodyAt reads past it), so the body is hashed and stored as the file's bytes,
 * never decoded. The file must be valid UTF-8 (readNdjson finds no canonical line in one that is not), so the
 * bytes are the body's text.
 */
export function bodyBytes(bytes: Buffer, at: BodyAt): Buffer {
  let end = bytes.indexOf(NEWLINE, at);
  if (end < 0) end = bytes.length;
  bytes[at + TYPE_MEMBER - 1] = OPEN_BRACE;
  return bytes.subarray(at + TYPE_MEMBER - 1, lastBrace(bytes, at, end));
}

/** Just past the last `}` in bytes[start, end). */
function lastBrace(bytes: Uint8Array, start: number, end: number): number {
  let i = end;
  while (i > start && bytes[i - 1] !== CLOSE_BRACE) i--;
  return i;
}

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a || b === 0x0b || b === 0x0c;
}
