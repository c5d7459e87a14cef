/**
 * The common deal record checked without zod: zod's error reporting costs a large share of an import's time,
 * and almost every record of a real file is well formed. `checkedObservation` returns what
 * `observationSchema` would return for a record it can vouch for, or null for anything else (wrong types,
 * stray whitespace, unusual values), which then goes through zod for its messages. It never accepts what
 * zod refuses; test/import/checked-observation.test.ts holds it to that.
 */
import { DEAL_KINDS, DEAL_STATUSES, QUALIFIERS } from "../domain/types.js";
import { dateProblem, type ObservationInput, urlSchema } from "./schemas.js";

const KINDS: ReadonlySet<string> = new Set(DEAL_KINDS);
const STATUSES: ReadonlySet<string> = new Set(DEAL_STATUSES);
const QUALIFIER_SET: ReadonlySet<string> = new Set(QUALIFIERS);
const TERM_COUNTS = ["capacity_gw", "shares", "valuation_usd"] as const;
const TERM_TEXTS = ["target", "notes"] as const;
const CURRENCY = /^[A-Za-z]{3}$/;
const SPACE = /\s/;

type Fields = Record<string, unknown>;

function isFields(v: unknown): v is Fields {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** No whitespace at either end, so zod's `.trim()` leaves it as it is. */
function isTrimmed(s: string): boolean {
  return isEdge(s.charCodeAt(0)) && isEdge(s.charCodeAt(s.length - 1));
}

function isEdge(c: number): boolean {
  if (c > 32 && c < 127) return true;
  return c >= 128 && !SPACE.test(String.fromCharCode(c));
}

/** A non-empty string zod's `text()` keeps as it is. */
function isText(v: unknown): v is string {
  return typeof v === "string" && v.length > 0 && isTrimmed(v);
}

/** Optional text that may be empty (titles, lang). */
function isOptionalText(v: unknown): boolean {
  return v === undefined || (typeof v === "string" && (v.length === 0 || isTrimmed(v)));
}

function isCount(v: unknown): boolean {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

function checkedAmount(v: unknown): ObservationInput["amount"] | undefined {
  if (v === undefined || v === null) return null;
  if (!isFields(v)) return undefined;
  const { value, currency, max } = v;
  const qualifier = v.qualifier === undefined ? "exact" : v.qualifier;
  if (!isCount(value) || typeof currency !== "string" || !CURRENCY.test(currency)) return undefined;
  if (typeof qualifier !== "string" || !QUALIFIER_SET.has(qualifier)) return undefined;
  const amount = {
    value: value as number,
    currency: currency.toUpperCase(),
    qualifier: qualifier as NonNullable<ObservationInput["amount"]>["qualifier"],
  };
  if (max === undefined) return qualifier === "range" ? undefined : amount;
  if (qualifier !== "range" || typeof max !== "number" || !Number.isFinite(max) || max < amount.value) return undefined;
  return { ...amount, max };
}

function checkedTerms(v: unknown): ObservationInput["terms"] | null {
  if (!isFields(v)) return null;
  const terms: Fields = {};
  for (const k of TERM_COUNTS) {
    const x = v[k];
    if (x === undefined) continue;
    if (!isCount(x)) return null;
    terms[k] = x;
  }
  const pct = v.stake_pct;
  if (pct !== undefined) {
    if (!isCount(pct) || (pct as number) > 100) return null;
    terms.stake_pct = pct;
  }
  for (const k of TERM_TEXTS) {
    const x = v[k];
    if (x === undefined) continue;
    if (typeof x !== "string") return null;
    terms[k] = x;
  }
  return terms as ObservationInput["terms"];
}

function checkedTitle(v: unknown): ObservationInput["title"] | null {
  if (!isFields(v) || !isOptionalText(v.en) || !isOptionalText(v.ko)) return null;
  const title: NonNullable<ObservationInput["title"]> = {};
  if (v.en !== undefined) title.en = v.en as string;
  if (v.ko !== undefined) title.ko = v.ko as string;
  return title;
}

function checkedSource(v: unknown): ObservationInput["source"] | null {
  if (!isFields(v) || !isText(v.publisher) || !isOptionalText(v.lang)) return null;
  const source: NonNullable<ObservationInput["source"]> = { publisher: v.publisher };
  if (v.url !== undefined) {
    // URLs have rules of their own: zod's check decides, and what it returns is kept.
    const url = urlSchema.safeParse(v.url);
    if (!url.success) return null;
    source.url = url.data;
  }
  if (v.lang !== undefined) source.lang = v.lang as string;
  return source;
}

/** `observationSchema.parse(v)` for a record it can vouch for; null when zod has to look. */
export function checkedObservation(v: unknown): ObservationInput | null {
  if (!isFields(v)) return null;
  const { deal, observed_on, kind, to, status } = v;
  const from = v.from ?? null;
  if (!isText(deal) || typeof observed_on !== "string" || dateProblem(observed_on) !== null) return null;
  if (typeof kind !== "string" || !KINDS.has(kind) || typeof status !== "string" || !STATUSES.has(status)) return null;
  if ((from !== null && !isText(from)) || !isText(to)) return null;
  const amount = checkedAmount(v.amount);
  if (amount === undefined) return null;
  const out: ObservationInput = {
    deal,
    observed_on,
    kind: kind as ObservationInput["kind"],
    from,
    to,
    amount,
    status: status as ObservationInput["status"],
  };
  if (v.round !== undefined) {
    if (!isText(v.round)) return null;
    out.round = v.round;
  }
  if (v.terms !== undefined) {
    const terms = checkedTerms(v.terms);
    if (!terms) return null;
    out.terms = terms;
  }
  if (v.title !== undefined) {
    const title = checkedTitle(v.title);
    if (!title) return null;
    out.title = title;
  }
  if (v.source !== undefined) {
    const source = checkedSource(v.source);
    if (!source) return null;
    out.source = source;
  }
  return out;
}
