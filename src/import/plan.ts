/**
 * The importer's decisions, made in memory for a batch: which observations are new, how each changes
 * its deal's current state, and which events that records. Pure: no I/O.
 */
import { createHash } from "node:crypto";
import type { Amount, Deal, EventType, Observation, Source } from "../domain/types.js";
import { compareSources, dealFromRow, sourceFromRow } from "../store/deal-repository.js";
import { canonicalObservation } from "./validate.js";
import type { DealRow, EventInsert, ObservationInsert, SourceRow } from "./statements.js";

/** What the store holds for a deal the batch touches. */
export interface DealState {
  row: DealRow;
  fingerprints: Set<string>;
  sourceKeys: Set<string>;
  /** Sources of this batch (for deal_added snapshots of deals new in the batch). */
  sources: Source[];
  /** Index in the plan's events of this deal's last event, or -1. */
  lastEvent: number;
  dirty: boolean;
}

export interface Plan {
  events: EventInsert[];
  /** Deal of each event's state, so its updated_seq can be set once seqs are known. */
  eventDeals: DealState[];
  observations: ObservationInsert[];
  sources: SourceRow[];
  counts: { new: number; duplicate: number; older: number; events: Record<EventType, number> };
}

export function sourceKey(publisher: string, url: string, date: string): string {
  return `${publisher}\u0000${url}\u0000${date}`;
}

export function fingerprintOf(body: string): string {
  return createHash("sha1").update(body).digest("base64url");
}

/** Observations in observed_on order; ties keep file order. */
export function inObservedOrder(observations: readonly Observation[]): Observation[] {
  return observations
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (a.o.observed_on < b.o.observed_on ? -1 : a.o.observed_on > b.o.observed_on ? 1 : a.i - b.i))
    .map((x) => x.o);
}

function amountOf(o: Observation): Pick<DealRow, "amount_value" | "amount_currency" | "amount_qualifier" | "amount_max"> {
  const a = o.amount;
  return {
    amount_value: a ? a.value : null,
    amount_currency: a ? a.currency : null,
    amount_qualifier: a ? a.qualifier : null,
    amount_max: a?.max ?? null,
  };
}

function rowFrom(o: Observation, firstObservedOn: string, updatedSeq: number): DealRow {
  return {
    id: o.deal,
    kind: o.kind,
    from_id: o.from,
    to_id: o.to,
    round_id: o.round ?? null,
    ...amountOf(o),
    status: o.status,
    terms: o.terms ? JSON.stringify(o.terms) : null,
    title_en: o.title?.en ?? null,
    title_ko: o.title?.ko ?? null,
    observed_on: o.observed_on,
    first_observed_on: firstObservedOn,
    updated_seq: updatedSeq,
  };
}

function amountJson(r: Pick<DealRow, "amount_value" | "amount_currency" | "amount_qualifier" | "amount_max">): Amount | null {
  if (r.amount_value === null) return null;
  const a: Amount = { value: r.amount_value, currency: r.amount_currency ?? "USD", qualifier: (r.amount_qualifier ?? "exact") as Amount["qualifier"] };
  if (r.amount_max !== null) a.max = r.amount_max;
  return a;
}

function sameAmount(a: DealRow, b: ReturnType<typeof amountOf>): boolean {
  return (
    a.amount_value === b.amount_value &&
    a.amount_currency === b.amount_currency &&
    a.amount_qualifier === b.amount_qualifier &&
    a.amount_max === b.amount_max
  );
}

/**
 * Decides a batch. `states` holds the loaded state of every deal already in the store that the batch
 * touches; it is updated in place (new deals are added), so the caller can write the final rows.
 */
export function planImport(observations: readonly Observation[], states: Map<string, DealState>, recordedAt: string): Plan {
  const plan: Plan = {
    events: [],
    eventDeals: [],
    observations: [],
    sources: [],
    counts: { new: 0, duplicate: 0, older: 0, events: { deal_added: 0, amount_changed: 0, status_changed: 0, source_added: 0 } },
  };
  const record = (st: DealState, type: EventType, o: Observation, old: unknown, next: unknown) => {
    st.lastEvent = plan.events.length;
    plan.events.push({
      type,
      deal_id: o.deal,
      observed_on: o.observed_on,
      old_json: old === null ? null : JSON.stringify(old),
      new_json: next === null ? null : JSON.stringify(next),
      recorded_at: recordedAt,
    });
    plan.eventDeals.push(st);
    plan.counts.events[type]++;
  };

  for (const o of inObservedOrder(observations)) {
    const body = JSON.stringify(canonicalObservation(o));
    const fingerprint = fingerprintOf(body);
    let st = states.get(o.deal);
    if (st?.fingerprints.has(fingerprint)) {
      plan.counts.duplicate++;
      continue;
    }
    plan.counts.new++;
    plan.observations.push({ deal_id: o.deal, observed_on: o.observed_on, fingerprint, body });

    let source: Source | null = null;
    if (o.source) {
      const row: SourceRow = { deal_id: o.deal, publisher: o.source.publisher, url: o.source.url ?? "", lang: o.source.lang ?? "", date: o.observed_on };
      const key = sourceKey(row.publisher, row.url, row.date);
      if (!st?.sourceKeys.has(key)) {
        plan.sources.push(row);
        source = sourceFromRow(row);
      }
      if (st) st.sourceKeys.add(key);
      if (source && st) st.sources.push(source);
    }

    if (!st) {
      st = {
        row: rowFrom(o, o.observed_on, 0),
        fingerprints: new Set([fingerprint]),
        sourceKeys: new Set(source ? [sourceKey(source.publisher, source.url ?? "", source.date)] : []),
        sources: source ? [source] : [],
        lastEvent: -1,
        dirty: true,
      };
      states.set(o.deal, st);
      const snapshot: Deal = dealFromRow(st.row, [...st.sources].sort(compareSources));
      record(st, "deal_added", o, null, snapshot);
      continue;
    }

    st.fingerprints.add(fingerprint);
    st.dirty = true;
    const first = o.observed_on < st.row.first_observed_on ? o.observed_on : st.row.first_observed_on;
    if (o.observed_on >= st.row.observed_on) {
      const cur = st.row;
      const next = amountOf(o);
      let changed = false;
      if (!sameAmount(cur, next)) {
        record(st, "amount_changed", o, amountJson(cur), amountJson(next));
        changed = true;
      }
      if (cur.status !== o.status) {
        record(st, "status_changed", o, cur.status, o.status);
        changed = true;
      }
      if (!changed && source) record(st, "source_added", o, null, source);
      st.row = rowFrom(o, first, cur.updated_seq);
    } else {
      // Older than the current state: history only.
      plan.counts.older++;
      st.row = { ...st.row, first_observed_on: first };
      if (source) record(st, "source_added", o, null, source);
    }
  }
  return plan;
}
