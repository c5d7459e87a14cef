/**
 * An observation's stored body (its canonical JSON) made from its values. Most observations of a large import
 * add a deal, and the planner already holds their values as the deal's row; it hands those over and the
 * writer thread, which has time to spare, writes the body, instead of the busier planner turning every
 * observation into JSON itself.
 */
import type { DealRow } from "./statements.js";

/** The values of an observation besides its deal, date and source, as its deal row holds them. */
export type BodyValues = [
  kind: DealRow["kind"],
  from: DealRow["from_id"],
  to: DealRow["to_id"],
  amountValue: DealRow["amount_value"],
  amountCurrency: DealRow["amount_currency"],
  amountQualifier: DealRow["amount_qualifier"],
  amountMax: DealRow["amount_max"],
  status: DealRow["status"],
  round: DealRow["round_id"],
  terms: DealRow["terms"],
  titleEn: DealRow["title_en"],
  titleKo: DealRow["title_ko"],
];

/** The body values of the observation `row` was made from (`dealRowFromObservation` of a canonical observation). */
export function bodyValues(row: DealRow): BodyValues {
  return [
    row.kind,
    row.from_id ?? null,
    row.to_id,
    row.amount_value ?? null,
    row.amount_currency ?? null,
    row.amount_qualifier ?? null,
    row.amount_max ?? null,
    row.status,
    row.round_id ?? null,
    row.terms ?? null,
    row.title_en ?? null,
    row.title_ko ?? null,
  ];
}

/**
 * The JSON of the canonical observation (`canonicalObservation`): the same keys in the same order, so the
 * same text and fingerprint. `publisher` is null for an observation citing no source; an empty URL or
 * language is left out, as the canonical observation leaves it out.
 */
export function bodyFrom(
  deal: string,
  observedOn: string,
  v: BodyValues,
  publisher: string | null,
  url: string | null,
  lang: string | null,
): string {
  const [kind, from, to, value, currency, qualifier, max, status, round, terms, titleEn, titleKo] = v;
  const o: Record<string, unknown> = {
    deal,
    observed_on: observedOn,
    kind,
    from,
    to,
    amount: value === null ? null : max === null ? { value, currency, qualifier } : { value, currency, qualifier, max },
    status,
  };
  if (round !== null) o.round = round;
  if (terms !== null) o.terms = JSON.parse(terms);
  if (titleEn !== null || titleKo !== null) {
    const title: Record<string, string> = {};
    if (titleEn !== null) title.en = titleEn;
    if (titleKo !== null) title.ko = titleKo;
    o.title = title;
  }
  if (publisher !== null) {
    const source: Record<string, string> = { publisher };
    if (url) source.url = url;
    if (lang) source.lang = lang;
    o.source = source;
  }
  return JSON.stringify(o);
}
