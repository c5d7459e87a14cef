/** The append-only event log. Sequence decides what is new; observed_on decides when it happened. */
import type { Kysely } from "kysely";
import type { DealEvent, EventType, Observation } from "../domain/types.js";
import { dealFromObservation } from "./deal-repository.js";
import type { Database } from "./schema.js";
import type { EventsTable } from "./schema-core.js";

type EventRow = Omit<EventsTable, "seq"> & { seq: number; body: string | null };

function eventFromRow(r: EventRow): DealEvent {
  const type = r.type as EventType;
  const json = r.new_json ?? r.body;
  return {
    seq: Number(r.seq),
    type,
    dealId: r.deal_id,
    observedOn: r.observed_on,
    old: r.old_json === null ? null : JSON.parse(r.old_json),
    new: json === null ? null : newValue(type, JSON.parse(json)),
    recordedAt: r.recorded_at,
  };
}

/** Events with the body of the observation a `deal_added` names (looked up by its unique key). */
function eventRows(db: Kysely<Database>) {
  return db
    .selectFrom("events as e")
    .leftJoin("observations as o", (j) =>
      j.onRef("o.deal_id", "=", "e.deal_id").onRef("o.fingerprint", "=", "e.fingerprint"),
    )
    .selectAll("e")
    .select("o.body");
}

/**
 * `deal_added` holds the observation that added the deal (named by fingerprint, or as JSON in events an
 * outside writer or an earlier release wrote); readers get the Deal it describes. Older stores hold the Deal itself.
 */
function newValue(type: EventType, value: unknown): unknown {
  if (type !== "deal_added" || typeof value !== "object" || value === null || !("deal" in value)) return value;
  return dealFromObservation(value as Observation);
}

/** Events with seq > `seq`, ascending, at most `limit`. */
export async function eventsAfter(db: Kysely<Database>, seq: number, limit?: number): Promise<DealEvent[]> {
  let q = eventRows(db).where("e.seq", ">", seq).orderBy("e.seq");
  if (limit !== undefined) q = q.limit(limit);
  return (await q.execute()).map(eventFromRow);
}

/** The events of `dealIds` with `after` < seq ≤ `upTo`, ascending: a range of the log's key, filtered. */
export async function dealEventsBetween(
  db: Kysely<Database>,
  dealIds: readonly string[],
  after: number,
  upTo: number,
): Promise<DealEvent[]> {
  if (dealIds.length === 0 || upTo <= after) return [];
  const rows = await eventRows(db)
    .where("e.seq", ">", after)
    .where("e.seq", "<=", upTo)
    .where("e.deal_id", "in", dealIds)
    .orderBy("e.seq")
    .execute();
  return rows.map(eventFromRow);
}

/** Events whose observation date lies in [since, until] (YYYY-MM-DD, both inclusive), in seq order. */
export async function eventsObservedBetween(db: Kysely<Database>, since: string, until: string): Promise<DealEvent[]> {
  const rows = await eventRows(db)
    .where("e.observed_on", ">=", since)
    .where("e.observed_on", "<=", until)
    .orderBy("e.seq")
    .execute();
  return rows.map(eventFromRow);
}

/** The events of `dealIds` observed after `day` (YYYY-MM-DD), in seq order: what changed them since. */
export async function dealEventsObservedAfter(
  db: Kysely<Database>,
  dealIds: readonly string[],
  day: string,
): Promise<DealEvent[]> {
  const out: DealEvent[] = [];
  for (let i = 0; i < dealIds.length; i += 500) {
    const rows = await eventRows(db)
      .where("e.deal_id", "in", dealIds.slice(i, i + 500))
      .where("e.observed_on", ">", day)
      .execute();
    out.push(...rows.map(eventFromRow));
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/**
 * The latest observation date of an event before `day` (YYYY-MM-DD), or of any event when `day` is null;
 * null when there is none.
 */
export async function latestObservedBefore(db: Kysely<Database>, day: string | null): Promise<string | null> {
  const row = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("observed_on").as("day"))
    .$if(day !== null, (q) => q.where("observed_on", "<", day as string))
    .executeTakeFirst();
  return row?.day ?? null;
}

/** The newest sequence number, 0 for an empty log. */
export async function latestSeq(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .executeTakeFirst();
  return row?.seq == null ? 0 : Number(row.seq);
}
