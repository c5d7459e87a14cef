/**
 * The common deal record checked without zod: zod's error reporting costs a large share of an import's time,
 * and almost every record of a real file is well formed. `checkedObservation` returns, for a record it can
 * vouch for, the canonical observation zod's answer would become (so the import need not copy it again), or
 * null for anything else (wrong types, stray whitespace, unusual values), which then goes through zod for its
 * messages. It never accepts what zod refuses; test/import/checked-observation.test.ts holds it to that.
 */
import { DEAL_KINDS, DEAL_STATUSES, type Observation, QUALIFIERS } from "../domain/types.js";
import { dateProblem, type ObservationInput, urlSchema } from "./schemas.js";

const KINDS: ReadonlySet<string> = new Set(DEAL_KINDS);
const STATUSES: ReadonlySet<string> = new Set(DEAL_STATUSES);
const QUALIFIER_SET: ReadonlySet<string> = new Set(QUALIFIERS);
/** Every term zod keeps, in name order: counts, a percentage (stake_pct) and texts (notes, target). */
const TERM_KEYS = ["capacity_gw", "notes", "shares", "stake_pct", "target", "valuation_usd"] as const;
const CURRENCY = /^[A-Za-z]{3}$/;
const SPACE = /\s/;

type Fields = Record<string, unknown>;

function isFields(v: unknown): v is Fields {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** No whitespace at either end, so zod's `.trim()` leaves it as it is. */
export function isTrimmed(s: string): boolean {
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

/** Terms in name order, as the canonical body writes them; null when one is not what zod would keep. */
function checkedTerms(v: unknown): NonNullable<Observation["terms"]> | null {
  if (!isFields(v)) return null;
  const terms: Fields = {};
  for (const k of TERM_KEYS) {
    const x = v[k];
    if (x === undefined) continue;
    const ok =
      k === "notes" || k === "target"
        ? typeof x === "string"
        : isCount(x) && (k !== "stake_pct" || (x as number) <= 100);
    if (!ok) return null;
    terms[k] = x;
  }
  return terms as NonNullable<Observation["terms"]>;
}

function checkedTitle(v: unknown): NonNullable<Observation["title"]> | null {
  if (!isFields(v) || !isOptionalText(v.en) || !isOptionalText(v.ko)) return null;
  const title: NonNullable<Observation["title"]> = {};
  if (v.en) title.en = v.en as string;
  if (v.ko) title.ko = v.ko as string;
  return title;
}

function checkedSource(v: unknown): NonNullable<Observation["source"]> | null {
  if (!isFields(v) || !isText(v.publisher) || !isOptionalText(v.lang)) return null;
  const source: NonNullable<Observation["source"]> = { publisher: v.publisher };
  if (v.url !== undefined) {
    // URLs have rules of their own: zod's check decides, and what it returns is kept.
    const url = urlSchema.safeParse(v.url);
    if (!url.success) return null;
    if (url.data) source.url = url.data;
  }
  if (v.lang) source.lang = v.lang as string;
  return source;
}

/**
 * For a record it can vouch for, what `canonicalObservation` makes of `observationSchema.parse(v)`: the same
 * keys in the same order, empty titles, URLs and languages left out. Null when zod has to look.
 */
export function checkedObservation(v: unknown): Observation | null {
  if (!isFields(v)) return null;
  const { deal, observed_on, kind, to, status } = v;
  const from = v.from ?? null;
  if (!isText(deal) || typeof observed_on !== "string" || dateProblem(observed_on) !== null) return null;
  if (typeof kind !== "string" || !KINDS.has(kind) || typeof status !== "string" || !STATUSES.has(status)) return null;
  if ((from !== null && !isText(from)) || !isText(to)) return null;
  const amount = checkedAmount(v.amount);
  if (amount === undefined) return null;
  const out: Observation = {
    deal,
    observed_on,
    kind: kind as Observation["kind"],
    from,
    to,
    amount,
    status: status as Observation["status"],
  };
  if (v.round !== undefined) {
    if (!isText(v.round)) return null;
    out.round = v.round;
  }
  if (v.terms !== undefined) {
    const terms = checkedTerms(v.terms);
    if (!terms) return null;
    if (Object.keys(terms).length > 0) out.terms = terms;
  }
  if (v.title !== undefined) {
    const title = checkedTitle(v.title);
    if (!title) return null;
    if (title.en || title.ko) out.title = title;
  }
  if (v.source !== undefined) {
    const source = checkedSource(v.source);
    if (!source) return null;
    out.source = source;
  }
  return out;
}
