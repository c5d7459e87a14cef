/** Core tables: companies, deals (current state), observations (history), sources, the event log, FX rates. */
import type { Generated } from "kysely";

export interface CompaniesTable {
  id: string;
  name_en: string;
  name_ko: string;
  role: string;
  /** JSON array of alias strings, as imported. */
  aliases: string;
}

/** Normalised look-up key (id, names, aliases) → company id. */
export interface CompanyAliasesTable {
  key: string;
  company_id: string;
}

/** The current state of each deal: its latest observation by observed_on. */
export interface DealsTable {
  id: string;
  kind: string;
  from_id: string | null;
  to_id: string;
  round_id: string | null;
  amount_value: number | null;
  amount_currency: string | null;
  amount_qualifier: string | null;
  amount_max: number | null;
  status: string;
  /** JSON object or null. */
  terms: string | null;
  title_en: string | null;
  title_ko: string | null;
  observed_on: string;
  first_observed_on: string;
  /** Sequence of the last event recorded for this deal (0 when none yet). */
  updated_seq: number;
}

/** Every observation ever imported; (deal_id, fingerprint) makes re-imports no-ops. */
export interface ObservationsTable {
  id: Generated<number>;
  deal_id: string;
  observed_on: string;
  fingerprint: string;
  /** The observation as imported (JSON). */
  body: string;
  /** Its source, on the first observation of the deal that cites it (null otherwise); url and lang "" when unknown. */
  publisher: string | null;
  url: string | null;
  lang: string | null;
}

/** A view: the sources kept on observations (`date` is the citing observation's observed_on). */
export interface DealSourcesTable {
  deal_id: string;
  publisher: string;
  /** Empty string when unknown, so the unique key works on both dialects. */
  url: string;
  lang: string;
  date: string;
}

export interface EventsTable {
  seq: Generated<number>;
  type: string;
  deal_id: string;
  observed_on: string;
  old_json: string | null;
  /** Null for a `deal_added` that names its observation by `fingerprint` (the body is read from there). */
  new_json: string | null;
  recorded_at: string;
  /** `deal_added`: the fingerprint of the observation that added the deal (with deal_id, its unique key). */
  fingerprint: string | null;
}

export interface FxRatesTable {
  currency: string;
  on: string;
  rate: number;
}

export interface CoreTables {
  companies: CompaniesTable;
  company_aliases: CompanyAliasesTable;
  deals: DealsTable;
  observations: ObservationsTable;
  deal_sources: DealSourcesTable;
  events: EventsTable;
  fx_rates: FxRatesTable;
}
