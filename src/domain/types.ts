/** Domain model shared by every module (SPEC §1). Pure types, no behaviour. */

export const LANGS = ["ko", "en"] as const;
export type Lang = (typeof LANGS)[number];

export const DEAL_KINDS = [
  "investment",
  "funding_round",
  "acquisition",
  "purchase",
  "warrant",
  "loan",
  "partnership",
] as const;
export type DealKind = (typeof DEAL_KINDS)[number];

export const DEAL_STATUSES = [
  "rumored",
  "reported",
  "announced",
  "signed",
  "completed",
  "stalled",
  "cancelled",
] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const QUALIFIERS = ["exact", "approx", "up_to", "at_least", "range"] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

/** An amount as reported. `value` is the low end of a range; `max` its high end. */
export interface Amount {
  value: number;
  currency: string; // ISO 4217
  qualifier: Qualifier;
  max?: number;
}

export interface Company {
  id: string; // lower-case slug
  name: { en: string; ko: string };
  aliases: string[];
  role: string;
}

export interface DealTerms {
  capacity_gw?: number;
  shares?: number;
  stake_pct?: number;
  valuation_usd?: number;
  target?: string;
  notes?: string;
}

export interface Source {
  publisher: string;
  url?: string;
  lang?: string;
  date: string; // YYYY-MM-DD, the observation date it came with
}

/** The current state of a deal: its latest observation by `observed_on`. */
export interface Deal {
  id: string;
  kind: DealKind;
  from: string | null;
  to: string;
  round?: string;
  amount: Amount | null;
  status: DealStatus;
  terms?: DealTerms;
  title: { en?: string; ko?: string };
  observedOn: string; // YYYY-MM-DD of the current state
  firstObservedOn: string; // YYYY-MM-DD of the earliest observation
  sources: Source[]; // newest first
}

/** One import unit: the state of one deal as reported on `observed_on` (SPEC §2). */
export interface Observation {
  deal: string;
  observed_on: string;
  kind: DealKind;
  from: string | null;
  to: string;
  round?: string;
  amount: Amount | null;
  status: DealStatus;
  terms?: DealTerms;
  title?: { en?: string; ko?: string };
  source?: { publisher: string; url?: string; lang?: string };
}

/** USD/XXX: `rate` units of `currency` per one US dollar, valid from `on`. */
export interface FxRate {
  currency: string;
  on: string;
  rate: number;
}

export const EVENT_TYPES = ["deal_added", "amount_changed", "status_changed", "source_added"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An entry of the append-only event log. `seq` increases store-wide. */
export interface DealEvent {
  seq: number;
  type: EventType;
  dealId: string;
  observedOn: string; // date of the observation that caused it
  old: unknown; // amount_changed: Amount|null; status_changed: DealStatus; else null
  new: unknown; // deal_added: the Deal as first observed; amount_changed: Amount|null; status_changed: DealStatus; source_added: Source
  recordedAt: string; // ISO timestamp
}
