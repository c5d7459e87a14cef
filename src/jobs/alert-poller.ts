/**
 * The alert poller: reads the event log past a cursor kept in the store (`job_state.alert_cursor`),
 * matches the new events against subscriptions, and enqueues one alert per (subscription, event)
 * under `alert:{subscription}:{seq}`. The cursor moves in the same transaction as the enqueues and
 * only from the value this run read, so when two replicas poll the same events one of them commits
 * and the other rolls back: each alert is written once.
 *
 * A channel that would get more than the burst limit of alerts within a minute gets one folded
 * summary of the batch instead.
 */
import type { DealGraph } from "../analytics/deal-graph.js";
import { alertMessage, foldedAlertsMessage } from "../briefing/alert.js";
import type { Deal, DealEvent, Lang } from "../domain/types.js";
import type { Store } from "../store/db.js";
import { dealEventsBetween, eventsAfter, latestSeq } from "../store/event-repository.js";
import { type AlertMatch, AlertMatcher, expandMatches } from "./alert-match.js";
import { alertReason } from "./alert-reason.js";
import type { Clock } from "./clock.js";
import { type DealNow, dealsNowByIds } from "./deal-lookup.js";
import { graphNames } from "./digest-compose.js";
import type { Db, EnqueueFn, JobLogger } from "./ports.js";
import type { SubscriptionIndex } from "./subscription-index.js";

export const ALERT_CURSOR = "alert_cursor";

/**
 * How far past its batch the poller reads the log to show each deal as it stood at its event. A deal
 * changed again further on than this (a backlog of a very large import) is shown as it stands now.
 */
const LOOK_AHEAD = 20_000;

export interface AlertPollerDeps {
  store: Store;
  graph: DealGraph;
  index: SubscriptionIndex;
  enqueue: EnqueueFn;
  clock: Clock;
  /** Alerts per channel per minute before a batch folds into one summary. */
  burstLimit: number;
  logger?: JobLogger | undefined;
  /** Events read per poll (default 2000). */
  batchSize?: number;
}

export interface PollResult {
  /** Events handled (0 when there was nothing new, or another replica took them). */
  events: number;
  /** Outbox rows written. */
  enqueued: number;
}

/** The cursor, created at the log's current end on first use (history is never alerted). */
export async function alertCursor(db: Db): Promise<number> {
  const row = await db.selectFrom("job_state").select("value").where("name", "=", ALERT_CURSOR).executeTakeFirst();
  if (row) return Number(row.value);
  const top = await latestSeq(db as Parameters<typeof latestSeq>[0]);
  await db
    .insertInto("job_state")
    .values({ name: ALERT_CURSOR, value: top })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  return alertCursor(db);
}

/** One poll: handles the next batch of events, if any. */
export async function pollAlerts(deps: AlertPollerDeps): Promise<PollResult> {
  const { store } = deps;
  const cursor = await alertCursor(store.db);
  const events = await eventsAfter(store.db, cursor, deps.batchSize ?? 2000);
  const last = events.at(-1);
  if (!last) return { events: 0, enqueued: 0 };
  await deps.graph.refresh(store);
  await deps.index.refresh(store.db);
  const matches = expandMatches(new AlertMatcher(deps.graph, deps.index).matchAll(events));
  const now =
    matches.length > 0
      ? await dealsNowByIds(
          store.db,
          matches.map((m) => m.event.dealId),
        )
      : new Map<string, DealNow>();
  const deals = new Map([...now].map(([id, n]) => [id, n.deal]));
  // Deals are read as they are now; an alert undoes what changed them after its event (see dealAfter).
  const ahead = await changesAhead(store, now, last.seq);
  const later = ahead.length > 0 ? [...events, ...ahead] : events;
  const minute = deps.clock.now().toISOString().slice(0, 16);

  let enqueued = 0;
  const moved = await store.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("job_state")
      .set({ value: last.seq })
      .where("name", "=", ALERT_CURSOR)
      .where("value", "=", cursor)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    for (const [channel, list] of byChannel(matches)) {
      enqueued += await enqueueChannel(deps, trx, channel, list, { deals, later }, minute);
    }
    return true;
  });
  if (!moved) return { events: 0, enqueued: 0 };
  if (matches.length > 0)
    deps.logger?.info({ events: events.length, alerts: enqueued, upTo: last.seq }, "alerts enqueued");
  return { events: events.length, enqueued };
}

/** The events after the batch (`after`) of the deals in `now` that changed since, within LOOK_AHEAD. */
async function changesAhead(store: Store, now: Map<string, DealNow>, after: number): Promise<DealEvent[]> {
  const changed = [...now].filter(([, n]) => n.updatedSeq > after);
  if (changed.length === 0) return [];
  const upTo = Math.min(Math.max(...changed.map(([, n]) => n.updatedSeq)), after + LOOK_AHEAD);
  return dealEventsBetween(
    store.db,
    changed.map(([id]) => id),
    after,
    upTo,
  );
}

/**
 * Matches grouped by channel, one per event: a channel following both parties of a deal gets the
 * event once (under its first subscription's key), with the graph findings of both.
 */
function byChannel(matches: AlertMatch[]): Map<string, AlertMatch[]> {
  const by = new Map<string, Map<number, AlertMatch>>();
  for (const m of matches) {
    let perEvent = by.get(m.sub.channel);
    if (!perEvent) {
      perEvent = new Map();
      by.set(m.sub.channel, perEvent);
    }
    const held = perEvent.get(m.event.seq);
    if (!held) perEvent.set(m.event.seq, { ...m, kinds: [...m.kinds] });
    else {
      held.kinds.push(...m.kinds.filter((k) => !held.kinds.includes(k)));
      if (!held.loop && m.loop) held.loop = m.loop;
      if (!held.exposure && m.exposure) held.exposure = m.exposure;
    }
  }
  return new Map([...by].map(([channel, perEvent]) => [channel, [...perEvent.values()]]));
}

async function enqueueChannel(
  deps: AlertPollerDeps,
  trx: Db,
  channel: string,
  list: AlertMatch[],
  // `later`: this batch's events and those read ahead of it, for each alert to undo what followed its event.
  { deals, later }: { deals: Map<string, Deal>; later: DealEvent[] },
  minute: string,
): Promise<number> {
  const lang: Lang = list[0]?.sub.lang ?? "ko";
  const names = graphNames(deps.graph);
  const sent = await trx
    .selectFrom("alert_bursts")
    .select("count")
    .where("channel", "=", channel)
    .where("minute", "=", minute)
    .executeTakeFirst();
  const used = sent ? Number(sent.count) : 0;
  const usable = list.filter((m) => deals.has(m.event.dealId));
  if (usable.length === 0) return 0;

  if (used + usable.length > deps.burstLimit) {
    const events = uniqueEvents(usable);
    const first = events[0]?.seq ?? 0;
    const lastSeq = events.at(-1)?.seq ?? 0;
    let message: ReturnType<typeof foldedAlertsMessage>;
    try {
      message = foldedAlertsMessage(events, {
        deals,
        later: later.filter((e) => e.seq > lastSeq),
        lang,
        names,
        fx: deps.graph.fx,
      });
    } catch (err) {
      deps.logger?.error(
        { err, channel, from: first, to: lastSeq },
        "folded alerts skipped: they could not be composed",
      );
      return 0;
    }
    await deps.enqueue(trx, { key: `alerts:${channel}:${first}-${lastSeq}`, channel, kind: "alert", message });
    await countBurst(trx, channel, minute, used + 1);
    return 1;
  }
  let written = 0;
  for (const m of usable) {
    const deal = deals.get(m.event.dealId) as Deal;
    let message: ReturnType<typeof alertMessage>;
    try {
      message = alertMessage({
        event: m.event,
        deal,
        lang,
        names,
        fx: deps.graph.fx,
        reason: alertReason(m, lang, names),
        later,
        ...(m.loop ? { loop: m.loop } : {}),
      });
    } catch (err) {
      // One event that cannot be written up must not hold back the log for everyone.
      deps.logger?.error({ err, seq: m.event.seq, channel }, "alert skipped: it could not be composed");
      continue;
    }
    await deps.enqueue(trx, {
      key: `alert:${m.sub.id}:${m.event.seq}`,
      channel,
      kind: "alert",
      message,
      threadKey: `deal:${m.event.dealId}`,
      broadcast: m.broadcast,
    });
    written++;
  }
  await countBurst(trx, channel, minute, used + written);
  return written;
}

/** A channel subscribed to both parties of a deal still gets each event once in a summary. */
function uniqueEvents(list: AlertMatch[]): DealEvent[] {
  const by = new Map<number, DealEvent>();
  for (const m of list) by.set(m.event.seq, m.event);
  return [...by.values()].sort((a, b) => a.seq - b.seq);
}

async function countBurst(trx: Db, channel: string, minute: string, count: number): Promise<void> {
  await trx.deleteFrom("alert_bursts").where("channel", "=", channel).where("minute", "<", minute).execute();
  await trx
    .insertInto("alert_bursts")
    .values({ channel, minute, count })
    .onConflict((oc) => oc.columns(["channel", "minute"]).doUpdateSet({ count }))
    .execute();
}
