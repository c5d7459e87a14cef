/**
 * A canonical deal line (one `canonicalBodyAt` found) read straight into its observation, without `JSON.parse`.
 * The line's pattern fixes every key and where it is, and rules out escapes, so each value lies between
 * known marks. What `checkedObservation(JSON.parse(line))` would answer comes back, or null where that check
 * would refuse or zod has a say (an unknown kind, a date not on the calendar, a URL), and the line is then read
 * as any other. test/import/canonical-deal.test.ts holds it to that.
 *
 * JSON.parse makes every value a new string, and interns each of ten characters or fewer in a table of them
 * all; over a large file that table holds every deal id. Here kinds, statuses, qualifiers, currencies, dates
 * and publishers come from a small set of strings the reader keeps, and only ids and titles are new.
 */
import { DEAL_KINDS, DEAL_STATUSES, type Observation, QUALIFIERS } from "../domain/types.js";
import { isTrimmed } from "./checked-observation.js";
import { dateProblem } from "./schemas.js";

const QUOTE = 0x22;
const DIGIT_0 = 0x30;
const HYPHEN = 0x2d;

/**
 * Each key of a canonical line with what comes before its name, up to where its value starts: the comma after the
 * value before (or the brace that opens the object), so the reader, past a string's closing quote, a `null` or
 * an amount's brace, finds the next key where it is.
 */
const DEAL = '{"type":"deal","deal":"';
const OBSERVED_ON = ',"observed_on":"';
const KIND = ',"kind":"';
const FROM_TEXT = ',"from":"';
const FROM_NULL = ',"from":null';
const TO = ',"to":"';
const AMOUNT = ',"amount":';
const VALUE = '{"value":';
const CURRENCY = ',"currency":"';
const QUALIFIER = ',"qualifier":"';
const MAX = ',"max":';
const STATUS = ',"status":"';
const ROUND = ',"round":"';
const TITLE = ',"title":';
/** A title's members: the first after the title's brace, `ko` after `en` too. */
const EN = '{"en":"';
const KO = ',"ko":"';
const KO_FIRST = '{"ko":"';
const SOURCE = ',"source":{"publisher":"';
const URL = ',"url":"';
const LANG = ',"lang":"';
/** An amount of null, after its key. */
const NULL = "null";

/** Publishers kept to be shared; a file naming more has the rest read as new strings. */
const MAX_PUBLISHERS = 256;

/**
 * The strings a run of canonical lines shares: a date's or currency's by its characters' code, publishers by
 * comparison with those met before.
 */
class SharedStrings {
  private readonly dates: (string | null)[] = [];
  private readonly currencies: string[] = [];
  private readonly publishers: string[] = [];

  /**
   * The date at `at` (ten characters up to the closing quote, or null when it is not `YYYY-MM-DD` of a year from
   * 1900 to 2155 or not on the calendar; such a line is read as any other, for zod's message).
   */
  date(line: string, at: number, end: number): string | null {
    if (end - at !== 10 || line.charCodeAt(at + 4) !== HYPHEN || line.charCodeAt(at + 7) !== HYPHEN) return null;
    const y = digits(line, at, 4);
    const m = digits(line, at + 5, 2);
    const d = digits(line, at + 8, 2);
    if (y < 1900 || y > 2155 || m < 0 || m > 12 || d < 0 || d > 31) return null;
    // 13 months and 32 days a year, so each code names one string; a date not on the calendar maps to "".
    const code = ((y - 1900) * 13 + m) * 32 + d;
    let date = this.dates[code];
    if (date === undefined) {
      const s = line.slice(at, end);
      date = dateProblem(s) === null ? s : "";
      this.dates[code] = date;
    }
    return date === "" ? null : date;
  }

  /** The three capitals at `at`, which the pattern vouches for. */
  currency(line: string, at: number): string {
    const code =
      (line.charCodeAt(at) - 65) * 676 + (line.charCodeAt(at + 1) - 65) * 26 + (line.charCodeAt(at + 2) - 65);
    let currency = this.currencies[code];
    if (currency === undefined) {
      currency = line.slice(at, at + 3);
      this.currencies[code] = currency;
    }
    return currency;
  }

  publisher(line: string, at: number, end: number): string {
    const n = end - at;
    for (const p of this.publishers) if (p.length === n && line.startsWith(p, at)) return p;
    const p = text(line, at, end);
    if (this.publishers.length < MAX_PUBLISHERS) this.publishers.push(p);
    return p;
  }
}

/**
 * The text of line[at, end) as a string of its own. V8 makes a slice of 13 characters or more a view of the whole
 * line, which would keep every line alive as long as the observation holds an id or a title from it; such a slice
 * is copied (flattening the pair with one more character copies it, and the view is then of the copy).
 */
function text(line: string, at: number, end: number): string {
  const s = line.slice(at, end);
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

/** The number written in `n` digits at `at`, or -1. */
function digits(line: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = line.charCodeAt(i) - DIGIT_0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The one of `words` written at `at` and closed by a quote, or undefined. */
function oneOf<T extends string>(words: readonly T[], line: string, at: number): T | undefined {
  for (const w of words) if (line.startsWith(w, at) && line.charCodeAt(at + w.length) === QUOTE) return w;
  return undefined;
}

/** Reads canonical deal lines; one reader a file, or a run of files, so their strings are shared. */
export class CanonicalDealReader {
  private readonly shared = new SharedStrings();
  /** Where in the line being read `read` is. */
  private at = 0;

  /** The observation of `line`, which must be one `canonicalBodyAt` found canonical; null to read it as any other. */
  read(line: string): Observation | null {
    this.at = 0;
    const deal = this.text(line, DEAL);
    let start = this.at + OBSERVED_ON.length;
    const observed_on = this.shared.date(line, start, this.close(line, start));
    const kind = this.oneOf(line, KIND, DEAL_KINDS);
    if (deal === null || observed_on === null || kind === undefined) return null;
    let from = this.member(line, FROM_TEXT);
    if (from === null) return null;
    // The pattern vouches for a from that is not text being null.
    if (from === undefined) {
      this.at += FROM_NULL.length;
      from = null;
    }
    const to = this.text(line, TO);
    if (to === null) return null;
    let amount: Observation["amount"] = null;
    if (line.startsWith(NULL, this.at + AMOUNT.length)) this.at += AMOUNT.length + NULL.length;
    else {
      start = this.at + AMOUNT.length + VALUE.length;
      this.at = line.indexOf(",", start);
      const value = Number(line.slice(start, this.at));
      start = this.at + CURRENCY.length;
      const currency = this.shared.currency(line, start);
      this.at = start + 3 + 1;
      const qualifier = this.oneOf(line, QUALIFIER, QUALIFIERS);
      if (qualifier === undefined) return null;
      if (line.startsWith(MAX, this.at)) {
        start = this.at + MAX.length;
        this.at = line.indexOf("}", start);
        const max = Number(line.slice(start, this.at));
        if (qualifier !== "range" || max < value) return null;
        amount = { value, currency, qualifier, max };
      } else {
        if (qualifier === "range") return null;
        amount = { value, currency, qualifier };
      }
      this.at += 1; // }
    }
    const status = this.oneOf(line, STATUS, DEAL_STATUSES);
    if (status === undefined) return null;
    const out: Observation = { deal, observed_on, kind, from, to, amount, status };
    const round = this.member(line, ROUND);
    if (round === null) return null;
    if (round !== undefined) out.round = round;
    if (line.startsWith(TITLE, this.at)) {
      this.at += TITLE.length;
      const en = this.member(line, EN);
      const ko = this.member(line, en === undefined ? KO_FIRST : KO);
      if (en === null || ko === null) return null;
      const title: NonNullable<Observation["title"]> = {};
      if (en !== undefined) title.en = en;
      if (ko !== undefined) title.ko = ko;
      out.title = title;
      this.at += 1; // }
    }
    if (line.startsWith(SOURCE, this.at)) {
      start = this.at + SOURCE.length;
      const publisher = this.shared.publisher(line, start, this.close(line, start));
      if (!isTrimmed(publisher)) return null;
      // A URL is zod's to check.
      if (line.startsWith(URL, this.at)) return null;
      const source: NonNullable<Observation["source"]> = { publisher };
      const lang = this.member(line, LANG);
      if (lang === null) return null;
      if (lang !== undefined) source.lang = lang;
      out.source = source;
    }
    return out;
  }

  /** The closing quote of the string that starts at `start`; the reader goes on past it. */
  private close(line: string, start: number): number {
    const end = line.indexOf('"', start);
    this.at = end + 1;
    return end;
  }

  /**
   * The text of the member `key` (with what comes before its name, up to its opening quote) at the reader's place,
   * which then moves past it; undefined when the line does not have it there, null when its value is not trimmed
   * (zod's to trim).
   */
  private member(line: string, key: string): string | null | undefined {
    if (!line.startsWith(key, this.at)) return undefined;
    return this.text(line, key);
  }

  /** The text of `key`'s value, which the pattern vouches is there: as `member`, null when it is not trimmed. */
  private text(line: string, key: string): string | null {
    const start = this.at + key.length;
    const value = text(line, start, this.close(line, start));
    return isTrimmed(value) ? value : null;
  }

  /** The one of `words` written as `key`'s value, the reader moving past it; undefined when none is. */
  private oneOf<T extends string>(line: string, key: string, words: readonly T[]): T | undefined {
    const start = this.at + key.length;
    const word = oneOf(words, line, start);
    if (word !== undefined) this.at = start + word.length + 1;
    return word;
  }
}
