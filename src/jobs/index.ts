/**
 * The bot's background jobs: digests on each channel's schedule and alerts on new events.
 *
 * node-cron wakes the process every minute and `runDue` decides from the store which channels are
 * due, in each channel's own time zone (see digest-window.ts); the same call at start-up sends a
 * digest missed while the bot was down. The alert poller runs every ALERT_POLL_MS and, on
 * PostgreSQL, as soon as a NOTIFY says events were written.
 */

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { createTask, type ScheduledTask } from "node-cron";
import type { DealGraph } from "../analytics/deal-graph.js";
import type { Config } from "../config.js";
import { enqueue as outboxEnqueue } from "../delivery/outbox.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/db.js";
import { type PollResult, pollAlerts } from "./alert-poller.js";
import { type Clock, systemClock } from "./clock.js";
import { openaiLeadWriter } from "./digest-compose.js";
import { type DigestRunResult, runDueDigests } from "./digest-scheduler.js";
import { listenForEvents, type Wakeup } from "./pg-wakeup.js";
import type { DispatcherLike, EnqueueFn } from "./ports.js";
import { SubscriptionIndex } from "./subscription-index.js";

export interface StartJobsOptions {
  store: Store;
  graph: DealGraph;
  config: Pick<Config, "alertPollMs" | "alertBurstLimit" | "digestCatchup" | "defaultLang" | "databaseUrl" | "openai">;
  dispatcher: DispatcherLike;
  logger: Logger;
  clock?: Clock;
  /** Defaults to the delivery outbox's `enqueue`. */
  enqueue?: EnqueueFn;
  /** false: no node-cron task and no poll timer; the caller drives `runDue` / `pollNow` (tests). */
  timers?: boolean;
  /** PostgreSQL URL to LISTEN on (default `config.databaseUrl` when the store is PostgreSQL). */
  listenUrl?: string | null;
  /** Events read per alert poll (default 2000). */
  alertBatchSize?: number;
}

export interface Jobs {
  /** Runs the digests due at `now` (the clock's now by default). */
  runDue(now?: Date): Promise<DigestRunResult>;
  /** Resolves once background set-up (the PostgreSQL listener) is done. */
  ready(): Promise<void>;
  /** Polls for new events until the log is drained; returns the totals. */
  pollNow(): Promise<PollResult>;
  stop(): Promise<void>;
}

/** Starts the jobs at once (set-up that needs I/O continues in the background); `stop()` ends them. */
export function startJobs(opts: StartJobsOptions): Jobs {
  const { store, graph, config, dispatcher, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const enqueue = opts.enqueue ?? outboxEnqueue;
  const holder = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const log = logger.child({ module: "jobs" });
  const index = new SubscriptionIndex(config.defaultLang);
  let stopped = false;

  const digestDeps = {
    store,
    graph,
    enqueue,
    clock,
    holder,
    logger: log,
    catchUp: config.digestCatchup,
    lead: config.openai ? openaiLeadWriter(graph, config.openai, log) : undefined,
  };
  const alertDeps = {
    store,
    graph,
    index,
    enqueue,
    clock,
    burstLimit: config.alertBurstLimit,
    logger: log,
    ...(opts.alertBatchSize ? { batchSize: opts.alertBatchSize } : {}),
  };

  let digestRun: Promise<DigestRunResult> | null = null;
  const runDue = (now?: Date): Promise<DigestRunResult> => {
    // One run at a time in this process; other replicas are kept apart by leases in the store.
    digestRun ??= runDueDigests(digestDeps, now ?? clock.now())
      .then((r) => {
        if (r.enqueued.length > 0) dispatcher.notify();
        return r;
      })
      .finally(() => {
        digestRun = null;
      });
    return digestRun;
  };

  let poll: Promise<PollResult> | null = null;
  let pollAgain = false;
  const pollNow = (): Promise<PollResult> => {
    if (poll) {
      pollAgain = true;
      return poll;
    }
    poll = (async () => {
      const total: PollResult = { events: 0, enqueued: 0 };
      do {
        pollAgain = false;
        for (;;) {
          const r = await pollAlerts(alertDeps);
          total.events += r.events;
          total.enqueued += r.enqueued;
          // Wake the sender per batch: a long backlog should not hold back the alerts already queued.
          if (r.enqueued > 0) dispatcher.notify();
          if (r.events === 0 || stopped) break;
        }
      } while (pollAgain && !stopped);
      return total;
    })().finally(() => {
      poll = null;
    });
    return poll;
  };
  const pollQuietly = () => {
    pollNow().catch((err) => log.error({ err }, "alert poll failed; retried on the next one"));
  };

  let task: ScheduledTask | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wakeup: Wakeup | null = null;
  const pending: Promise<unknown>[] = [];
  if (opts.timers !== false) {
    task = createTask("* * * * *", () => runDue().catch((err) => log.error({ err }, "digest tick failed")), {
      name: `digests:${holder}`,
      noOverlap: true,
    });
    void Promise.resolve(task.start()).catch((err) => log.error({ err }, "digest timer did not start"));
    timer = setInterval(pollQuietly, config.alertPollMs);
    timer.unref?.();
    const url =
      opts.listenUrl === undefined ? (store.dialect === "postgres" ? config.databaseUrl : null) : opts.listenUrl;
    const listening = url
      ? listenForEvents(url, pollQuietly, log).then(
          (w) => {
            if (stopped) void w.close();
            else wakeup = w;
          },
          (err) =>
            log.warn(
              { err: err instanceof Error ? err.message : String(err) },
              "LISTEN unavailable; alerts rely on polling",
            ),
        )
      : Promise.resolve();
    pending.push(listening);
    // Catch up at start: a digest that fell due while the bot was down, events imported meanwhile.
    runDue().catch((err) => log.error({ err }, "digest catch-up failed"));
    pollQuietly();
  }

  return {
    runDue,
    pollNow,
    ready: async () => {
      await Promise.allSettled(pending);
    },
    stop: async () => {
      stopped = true;
      if (task) {
        await task.stop();
        await task.destroy();
      }
      if (timer) clearInterval(timer);
      await Promise.allSettled(pending);
      await wakeup?.close();
      await Promise.allSettled([digestRun, poll]);
    },
  };
}
