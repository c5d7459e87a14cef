/**
 * Digest scheduling. Due-ness is read from the store, never from memory: a channel is due when the
 * latest window of its schedule (`latestWindow`) has come and is newer than `last_digest_window`.
 * So a restart sends a missed digest once (only the latest missed window), and replicas that run
 * the same minute send it once: the window is claimed in the transaction that enqueues the digest
 * under the idempotency key `digest:{channel}:{YYYY-MM-DD}`, and a lease row keeps two runs of one
 * channel's job from overlapping.
 */
import type { DealGraph } from "../analytics/deal-graph.js";
import { noNewsMessage } from "../briefing/digest.js";
import type { NeutralMessage } from "../briefing/message.js";
import type { DealEvent } from "../domain/types.js";
import { type Channel, claimDigestWindow, getChannel, listDueSchedules } from "../store/channel-repository.js";
import type { Store } from "../store/db.js";
import { eventsAfter, latestObservedBefore, latestSeq } from "../store/event-repository.js";
import type { Clock } from "./clock.js";
import { digestMessage, type LeadWriter } from "./digest-compose.js";
import { latestWindow } from "./digest-window.js";
import { acquireLease, releaseLease } from "./lease.js";
import type { EnqueueFn, JobLogger } from "./ports.js";

export interface DigestSchedulerDeps {
  store: Store;
  graph: DealGraph;
  enqueue: EnqueueFn;
  clock: Clock;
  /** Identifies this process in lease rows. */
  holder: string;
  logger?: JobLogger | undefined;
  lead?: LeadWriter | undefined;
  /** Send a digest whose time passed while the bot was down (default true); false skips it. */
  catchUp?: boolean;
  /** How late a window may run and still count as on time when `catchUp` is off (default 10 min). */
  onTimeMs?: number;
  /** Longest a channel's digest run may hold its lease (default 10 min). */
  leaseMs?: number;
}

/** Most events one digest covers. */
const MAX_EVENTS = 2000;

export interface DigestRunResult {
  /** Channels whose digest (or no-news line) was enqueued this run. */
  enqueued: string[];
  /** Channels whose window was closed with nothing to send. */
  empty: string[];
}

export function digestKey(channel: string, window: string): string {
  return `digest:${channel}:${window}`;
}

/** Runs every digest that is due at `now` (the clock's now by default). Safe to call any number of times. */
export async function runDueDigests(deps: DigestSchedulerDeps, now: Date = deps.clock.now()): Promise<DigestRunResult> {
  const result: DigestRunResult = { enqueued: [], empty: [] };
  const due = (await listDueSchedules(deps.store.db)).filter((ch) => dueWindow(ch, now) !== null);
  if (due.length === 0) return result;
  await deps.graph.refresh(deps.store);
  for (const ch of due) {
    try {
      const outcome = await runChannel(deps, ch.key, now);
      if (outcome === "enqueued") result.enqueued.push(ch.key);
      else if (outcome === "empty") result.empty.push(ch.key);
    } catch (err) {
      deps.logger?.error({ err, channel: ch.key }, "digest run failed; it is retried on the next tick");
    }
  }
  return result;
}

function dueWindow(ch: Channel, now: Date) {
  if (!ch.digest || ch.paused) return null;
  const w = latestWindow(ch.digest, now);
  if (!w || (ch.lastDigestWindow !== null && ch.lastDigestWindow >= w.key)) return null;
  return w;
}

async function runChannel(
  deps: DigestSchedulerDeps,
  key: string,
  now: Date,
): Promise<"enqueued" | "empty" | "skipped"> {
  const lease = `digest:${key}`;
  if (!(await acquireLease(deps.store.db, lease, deps.holder, deps.leaseMs ?? 600_000, now.getTime())))
    return "skipped";
  try {
    // Re-read under the lease: another replica may have run this window a moment ago.
    const ch = await getChannel(deps.store.db, key);
    const window = ch ? dueWindow(ch, now) : null;
    if (!ch?.digest || !window) return "skipped";
    const late = now.getTime() - window.at.getTime() > (deps.onTimeMs ?? 600_000);
    if (late && deps.catchUp === false) {
      await claimDigestWindow(deps.store.db, key, window.key, ch.digestEnqueuedSeq);
      deps.logger?.info({ channel: key, window: window.key }, "missed digest skipped (catch-up is off)");
      return "empty";
    }

    const top = await latestSeq(deps.store.db);
    // Events already handed to the outbox in an earlier digest are not repeated, even before its send is confirmed.
    const from = Math.max(ch.watermarkSeq, ch.digestEnqueuedSeq);
    // A channel far behind (a first digest on a large store) gets the oldest MAX_EVENTS now, the rest next time.
    const events: DealEvent[] =
      from < top ? (await eventsAfter(deps.store.db, from, MAX_EVENTS)).filter((e) => e.seq <= top) : [];
    const upTo = events.length === MAX_EVENTS ? (events.at(-1)?.seq ?? top) : top;
    const digest = await digestMessage({
      db: deps.store.db,
      graph: deps.graph,
      events,
      lang: ch.digest.lang,
      tz: ch.digest.tz,
      now,
      lead: deps.lead,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    const message: NeutralMessage | null =
      digest ??
      (ch.digest.emptyNotice
        ? noNewsMessage(
            ch.digest.lang,
            undefined,
            await latestObservedBefore(deps.store.db, null),
            ch.digest.day ? "week" : "day",
          )
        : null);

    const claimed = await deps.store.db.transaction().execute(async (trx) => {
      if (!(await claimDigestWindow(trx, key, window.key, digest ? upTo : ch.digestEnqueuedSeq))) return false;
      if (message) {
        await deps.enqueue(trx, {
          key: digestKey(key, window.key),
          channel: key,
          kind: digest ? "digest" : "notice",
          message,
          watermarkSeq: digest ? upTo : Math.max(ch.watermarkSeq, from),
        });
      }
      return true;
    });
    if (!claimed) return "skipped";
    deps.logger?.info(
      { channel: key, window: window.key, events: events.length, sent: message !== null },
      "digest window closed",
    );
    return message ? "enqueued" : "empty";
  } finally {
    await releaseLease(deps.store.db, lease, deps.holder).catch(() => undefined);
  }
}
