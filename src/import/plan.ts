/**
 * The importer's decisions, made in memory for a batch: which observations are new, how each changes
 * its deal's current state, and which events that records. Pure: no I/O.
 */
import type { Amount, EventType, Observation, Source } from "../domain/types.js";
import { dealRowFromObservation, sourceFromRow } from "../store/deal-repository.js";
import { type BodyAt, bodyAt } from "./canonical-line.js";
import { fingerprintOf } from "./fingerprint.js";
import { keyOrder } from "./key-order.js";
import { addKey, hasKey, type Keys, keysOf, sourceKey } from "./keys.js";
import { bodyValues } from "./observation-body.js";
import { DEAL_COLUMNS, type DealRow, OBSERVATION_COLUMNS, pushDealValues } from "./statements.js";
import { canonicalObservation } from "./validate.js";

/** What the store holds for a deal the batch touches. */
export interface DealState {
  /**
   * The deal's current row; null for a deal new in this import while `first` is its only observation (most of a
   * large import's deals), whose row is made from that when it is needed (`rowOf`).
   */
  row: DealRow | null;
  /** While `row` is null: the seq of the deal's `deal_added` event, its updated_seq. */
  addedSeq: number;
  /**
   * The deal's observations so far. A deal already in the store is known by their fingerprints (all the
   * store keeps of them to compare); a deal new in this import by their bodies (from its second observation
   * on, see `first`), so the planner does not hash them: the writer does (`chunkRows`).
   */
  seen: Keys;
  /**
   * The observation that added a deal new in this import, while it is the deal's only one. Most deals of a
   * large import are seen once: their body is left to the writer (see observation-body.ts), and `seen` and
   * `sourceKeys` are filled from this only if another observation of the deal comes.
   */
  first: Observation | null;
  /** Where `first`'s canonical body is in the file's bytes (ImportData.bodies), or -1. */
  firstAt: BodyAt;
  /** Whether the deal was in the store before this import. */
  stored: boolean;
  sourceKeys: Keys;
  /** Index in the plan's events of this deal's last event, or -1. */
  lastEvent: number;
  dirty: boolean;
}

/**
 * Rows as flat value lists (row after row, each in its `*_COLUMNS` order): cheap to hand to another
 * thread, and bound to multi-row statements as they are.
 */
export interface Plan {
  /**
   * EVENT_COLUMNS.length values an event, but for a `deal_added`: one number, the index in `observations` of
   * the row that added the deal, whose values the event repeats (`chunkRows` writes it out). Most events are
   * `deal_added`, so a chunk is about a fifth smaller to hand over.
   */
  events: unknown[];
  /** Deal of each event's state, so its updated_seq can be set once seqs are known. */
  eventDeals: DealState[];
  /**
   * OBSERVATION_COLUMNS.length values an observation; each carries its source when it is new for the deal. The
   * body of the observation that adds a deal is left to the writer: given as where its canonical line is in the
   * file (a BodyAt number, see canonical-line.ts), else as its BodyValues (see observation-body.ts).
   */
  observations: unknown[];
  counts: { new: number; duplicate: number; older: number; events: Record<EventType, number> };
  /** When the events were recorded: the same for the whole import. */
  recordedAt: string;
}

/**
 * Indexes of the observations in observed_on order; ties keep file order. Grouped by date (few distinct), so
 * no n·log n sort.
 */
export function observedOrder(observations: readonly Observation[]): number[] {
  const byDate = new Map<string, number[]>();
  for (let i = 0; i < observations.length; i++) {
    const date = (observations[i] as Observation).observed_on;
    const list = byDate.get(date);
    if (list) list.push(i);
    else byDate.set(date, [i]);
  }
  const out: number[] = [];
  for (const date of [...byDate.keys()].sort()) for (const i of byDate.get(date) as number[]) out.push(i);
  return out;
}

function amountOf(
  o: Observation,
): Pick<DealRow, "amount_value" | "amount_currency" | "amount_qualifier" | "amount_max"> {
  const a = o.amount;
  return {
    amount_value: a ? a.value : null,
    amount_currency: a ? a.currency : null,
    amount_qualifier: a ? a.qualifier : null,
    amount_max: a?.max ?? null,
  };
}

function amountJson(
  r: Pick<DealRow, "amount_value" | "amount_currency" | "amount_qualifier" | "amount_max">,
): Amount | null {
  if (r.amount_value === null) return null;
  const a: Amount = {
    value: r.amount_value,
    currency: r.amount_currency ?? "USD",
    qualifier: (r.amount_qualifier ?? "exact") as Amount["qualifier"],
  };
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

/** The source an observation cites, as its deal lists it. */
function citedSource(o: Observation): Source | null {
  const s = o.source;
  return s
    ? sourceFromRow({ publisher: s.publisher, url: s.url ?? "", lang: s.lang ?? "", date: o.observed_on })
    : null;
}

/** A fresh, empty chunk of work. */
function emptyPlan(recordedAt: string): Plan {
  return {
    recordedAt,
    events: [],
    eventDeals: [],
    observations: [],
    counts: {
      new: 0,
      duplicate: 0,
      older: 0,
      events: { deal_added: 0, amount_changed: 0, status_changed: 0, source_added: 0 },
    },
  };
}

/**
 * Decides observations one at a time, in the order given (callers pass them in observed_on order).
 * `states` holds the loaded state of every deal already in the store that the batch touches; it is
 * updated in place (new deals are added), so the caller can write the final deal rows at the end.
 * Work accumulates in chunks (`take()`), so a large import is written as it goes.
 */
export class Planner {
  private plan: Plan;

  constructor(
    private readonly states: Map<string, DealState>,
    private readonly recordedAt: string,
    private readonly canonical = false,
    /** The file's bytes, where the bodies `add` is told of are. */
    private readonly bytes?: Buffer,
  ) {
    this.plan = emptyPlan(recordedAt);
  }

  /** Rows waiting in the current chunk. */
  get pending(): number {
    return this.plan.eventDeals.length + this.plan.observations.length / OBSERVATION_COLUMNS.length;
  }

  /** The current chunk; a new one starts. */
  take(): Plan {
    const p = this.plan;
    this.plan = emptyPlan(this.recordedAt);
    return p;
  }

  private record(st: DealState, type: Exclude<EventType, "deal_added">, o: Observation, old: unknown, next: unknown) {
    const oldJson = old === null ? null : JSON.stringify(old);
    const newJson = next === null ? null : JSON.stringify(next);
    this.plan.events.push(type, o.deal, o.observed_on, oldJson, newJson, this.recordedAt, null);
    this.counted(st, type);
  }

  /** The observation that adds a deal is its snapshot: the event names it, the log reads it back as a Deal. */
  private recordAdded(st: DealState): void {
    this.plan.events.push(this.plan.observations.length / OBSERVATION_COLUMNS.length - 1);
    this.counted(st, "deal_added");
  }

  private counted(st: DealState, type: EventType): void {
    st.lastEvent = this.plan.eventDeals.length;
    this.plan.eventDeals.push(st);
    this.plan.counts.events[type]++;
  }

  /**
   * The first observation of a deal new to the store: its body (as its values, or where it is in the file)
   * and fingerprint are left to the writer.
   */
  private addDeal(o: Observation, at: BodyAt): void {
    this.plan.counts.new++;
    const body = at >= 0 ? at : bodyValues(dealRowFromObservation(o, o.observed_on, 0));
    const s = o.source;
    if (s) this.plan.observations.push(o.deal, o.observed_on, null, body, s.publisher, s.url ?? "", s.lang ?? "");
    else this.plan.observations.push(o.deal, o.observed_on, null, body, null, null, null);
    const st: DealState = {
      row: null,
      addedSeq: 0,
      seen: null,
      first: o,
      firstAt: at,
      stored: false,
      sourceKeys: null,
      lastEvent: -1,
      dirty: true,
    };
    this.states.set(o.deal, st);
    this.recordAdded(st);
  }

  /** What a deal's first observation leaves to remember once another observation of the deal comes. */
  private noteFirst(st: DealState, first: Observation): void {
    st.row = rowOf(st);
    st.seen = addKey(st.seen, bodyOf(first, st.firstAt, this.bytes));
    const source = firstSourceKey(first);
    if (source !== null) st.sourceKeys = addKey(st.sourceKeys, source);
    st.first = null;
  }

  /**
   * `at`: where the observation's canonical body is in the file's bytes (ImportData.bodies), or -1. `hashed`: its
   * fingerprint, when it was worked out already (see stored-observations.ts).
   */
  add(o: Observation, at: BodyAt = -1, hashed?: string): void {
    const c = this.canonical ? o : canonicalObservation(o);
    const st = this.states.get(o.deal);
    if (!st) {
      this.addDeal(c, at);
      return;
    }
    if (st.first) this.noteFirst(st, st.first);
    const row = st.row as DealRow;
    const body = bodyOf(c, at, this.bytes);
    // Null for a deal new in the import: its row's fingerprint is left to the writer.
    const fingerprint = st.stored ? (hashed ?? fingerprintOf(body)) : null;
    if (hasKey(st.seen, fingerprint ?? body)) {
      this.plan.counts.duplicate++;
      return;
    }
    this.plan.counts.new++;
    // A source is stored on the first observation of the deal that cites it.
    const cited = o.source;
    let key: string | null = null;
    if (cited) {
      const url = cited.url ?? "";
      key = sourceKey(cited.publisher, url, o.observed_on);
      if (!hasKey(st.sourceKeys, key)) {
        this.plan.observations.push(o.deal, o.observed_on, fingerprint, body, cited.publisher, url, cited.lang ?? "");
        st.sourceKeys = addKey(st.sourceKeys, key);
      } else {
        key = null;
      }
    }
    // From here `key` is set only when the observation's source is new for the deal.
    if (key === null) this.plan.observations.push(o.deal, o.observed_on, fingerprint, body, null, null, null);

    st.seen = addKey(st.seen, fingerprint ?? body);
    st.dirty = true;
    const first = o.observed_on < row.first_observed_on ? o.observed_on : row.first_observed_on;
    if (o.observed_on >= row.observed_on) {
      const cur = row;
      const next = amountOf(o);
      let changed = false;
      if (!sameAmount(cur, next)) {
        this.record(st, "amount_changed", o, amountJson(cur), amountJson(next));
        changed = true;
      }
      if (cur.status !== o.status) {
        this.record(st, "status_changed", o, cur.status, o.status);
        changed = true;
      }
      if (!changed && key !== null) this.record(st, "source_added", o, null, citedSource(o));
      st.row = dealRowFromObservation(o, first, cur.updated_seq);
    } else {
      // Older than the current state: history only.
      this.plan.counts.older++;
      st.row = { ...row, first_observed_on: first };
      if (key !== null) this.record(st, "source_added", o, null, citedSource(o));
    }
  }
}

/** The canonical body of `c` (a canonical observation), read from the file's `bytes` when it is there. */
export function bodyOf(c: Observation, at: BodyAt, bytes: Buffer | undefined): string {
  return at >= 0 && bytes ? bodyAt(bytes, at) : JSON.stringify(c);
}

function firstSourceKey(first: Observation): string | null {
  const s = first.source;
  return s ? sourceKey(s.publisher, s.url ?? "", first.observed_on) : null;
}

/**
 * The state a deal the batch touched will have in the store once the batch commits, so the next batch can be
 * planned before then: its final row, and its observations known by fingerprint, as the store will know them.
 * `bytes`: the batch's file, where its bodies may be.
 */
export function committedState(st: DealState, bytes: Buffer | undefined): DealState {
  let seen: Keys = null;
  let sourceKeys = st.sourceKeys;
  if (st.first) {
    seen = fingerprintOf(bodyOf(st.first, st.firstAt, bytes));
    sourceKeys = firstSourceKey(st.first);
  } else if (st.stored) {
    seen = st.seen;
  } else {
    // A deal new in the batch is known by its bodies (the writer hashes them): the store knows them hashed.
    for (const body of keysOf(st.seen)) seen = addKey(seen, fingerprintOf(body));
  }
  return {
    row: { ...rowOf(st) },
    addedSeq: 0,
    seen,
    first: null,
    firstAt: -1,
    stored: true,
    sourceKeys,
    lastEvent: -1,
    dirty: false,
  };
}

/** The deal's current row. */
function rowOf(st: DealState): DealRow {
  if (st.row) return st.row;
  const first = st.first as Observation;
  return dealRowFromObservation(first, first.observed_on, st.addedSeq);
}

/** Each touched deal's updated_seq becomes the seq of its last event in the batch. */
export function applySeqs(plan: Plan, seqs: number[]): void {
  for (let i = 0; i < plan.eventDeals.length; i++) {
    const s = plan.eventDeals[i] as DealState;
    if (s.lastEvent === i) {
      if (s.row) s.row.updated_seq = seqs[i] as number;
      else s.addedSeq = seqs[i] as number;
      s.lastEvent = -1; // indexes restart in the next chunk
    }
  }
}

/**
 * Rows a batch of `dirtyDealBatches` holds. A flat list of more than about 16,000 values would live in V8's
 * large-object space, where every array, and every copy of one growing, is fresh memory the kernel must clear
 * (a twentieth of the planner's time went to that with one list for a file's deals).
 */
const DEAL_BATCH_ROWS = 500;

/**
 * Rows a part of `dirtyDealParts` holds. The writer thread writes each part as it comes, in id order within it,
 * while the next is made: a file of a million deals sent as one message took the writer 2.1 s just to receive,
 * its young generation full of it. Keeping the parts until the last had come, to write them all in one id order,
 * was slower still: every collection in between copied them.
 */
export const DEAL_PART_ROWS = 10_000;

/**
 * The rows of the deals a batch changed, those new to the store apart from those it held before, as flat value
 * lists (each row in DEAL_COLUMNS order) of up to DEAL_BATCH_ROWS rows.
 */
export function dirtyDealBatches(states: Map<string, DealState>): DirtyDeals<unknown[][]> {
  // With no limit on a part's rows, the first part is the only one.
  return dirtyDealParts(states, Number.POSITIVE_INFINITY).next().value as DirtyDeals<unknown[][]>;
}

/**
 * `dirtyDealBatches` in parts of up to `partRows` rows, each made as it is taken, each part's rows in id order (so
 * they go into the deals' key in order; the planner has the ids at hand, the writer would have to read them back).
 */
export function* dirtyDealParts(
  states: Map<string, DealState>,
  partRows = DEAL_PART_ROWS,
): Generator<DirtyDeals<unknown[][]>> {
  let ids: string[] = [];
  let part: DealState[] = [];
  for (const [id, s] of states) {
    if (!s.dirty) continue;
    if (part.length === partRows) {
      yield dealRowsInOrder(ids, part);
      ids = [];
      part = [];
    }
    ids.push(id);
    part.push(s);
  }
  yield dealRowsInOrder(ids, part);
}

/** The rows of `part` (whose deals are `ids`) in id order, as flat lists of up to DEAL_BATCH_ROWS rows. */
function dealRowsInOrder(ids: string[], part: DealState[]): DirtyDeals<unknown[][]> {
  const full = DEAL_BATCH_ROWS * DEAL_COLUMNS.length;
  const added: unknown[][] = [[]];
  const revised: unknown[][] = [[]];
  const order = keyOrder(ids);
  for (let k = 0; k < order.length; k++) {
    const s = part[order[k] as number] as DealState;
    const batches = s.stored ? revised : added;
    let batch = batches[batches.length - 1] as unknown[];
    if (batch.length >= full) {
      batch = [];
      batches.push(batch);
    }
    pushDealValues(batch, rowOf(s));
  }
  return { added, revised };
}

/** Deal rows to write, apart by whether the store held the deal before the import (see `importStatements`), in id order. */
export interface DirtyDeals<Rows> {
  added: Rows;
  revised: Rows;
}

/** Decides a whole batch as one chunk (see Planner). */
export function planImport(
  observations: readonly Observation[],
  states: Map<string, DealState>,
  recordedAt: string,
  opts: { canonical?: boolean } = {},
): Plan {
  const planner = new Planner(states, recordedAt, opts.canonical);
  for (const i of observedOrder(observations)) planner.add(observations[i] as Observation);
  return planner.take();
}
