/**
 * The dispatcher sends queued outbox rows. Channels run concurrently, each strictly in order; a channel's
 * worker keeps taking its next due row until the queue is empty. Woken by `notify()` after an enqueue and
 * by polling, so rows written by another process (or left by a crashed one) go out too.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Config } from "../config.js";
import type { Lang } from "../domain/types.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/db.js";
import { createConsoleSender } from "./console-sender.js";
import { type DeliverContext, type DeliverResult, deliver, splitChannelKey } from "./deliver.js";
import { createDiscordSender } from "./discord-sender.js";
import { groupCommit } from "./group-commit.js";
import type { OutboxRow } from "./outbox.js";
import { DEFAULT_POLICY, type RetryPolicy } from "./policy.js";
import { release } from "./queue.js";
import { claimDueHeads, claimHeadsOf, markSentMany, type PartsSettle, recordPartsMany } from "./queue-batch.js";
import type { PlatformSender } from "./sender.js";
import { createSlackSender } from "./slack-sender.js";

export interface DispatcherOptions {
  /** Concurrent requests across all channels (default 64). */
  concurrency?: number;
  /** Channels worked on at once (default 2000). */
  maxChannels?: number;
  /** How long a claimed row is held before another process may take it over (default 120 s). */
  leaseMs?: number;
  /** Poll interval for rows enqueued elsewhere or due again (default 1 s). */
  pollMs?: number;
  /** Waits longer than this hand the row back to the queue (default 60 s). */
  maxInlineWaitMs?: number;
  policy?: Partial<RetryPolicy>;
  /** Channel key that receives notices for admins (e.g. lost access). */
  adminChannel?: string | null;
  /** Identifies this process in leases. */
  owner?: string;
  random?: () => number;
}

export interface DispatcherDeps {
  store: Store;
  config: Pick<Config, "slack" | "discord"> & { defaultLang?: Lang };
  logger: Pick<Logger, "info" | "warn" | "error" | "debug">;
  /** Senders per platform; default ones are built from the config. */
  senders?: Senders;
  options?: DispatcherOptions;
}

export interface Dispatcher {
  start(): void;
  /** Stops polling, lets requests in flight finish, hands held rows back. */
  stop(): Promise<void>;
  /** Sends everything due now (waiting out short retries) and resolves when nothing due is left. */
  drainOnce(): Promise<void>;
  /** Wakes the dispatcher after an enqueue. */
  notify(): void;
}

type Senders = Partial<Record<"slack" | "discord" | "console", PlatformSender>>;

/** Requests started per turn of the event loop when slots free up. */
const HAND_OVER_BATCH = 16;

/**
 * Longest a confirmed part, or a sent row, waits to be written with others. It is always written before
 * the channel's next message, which waits out the channel's interval anyway.
 */
const MAX_SETTLE_WAIT_MS = 500;

/** Senders for the configured platforms (console always); platform client libraries load on first send. */
export function defaultSenders(config: DispatcherDeps["config"]): Senders {
  return {
    console: createConsoleSender(),
    ...(config.slack
      ? { slack: createSlackSender({ token: config.slack.botToken, apiUrl: config.slack.apiUrl }) }
      : {}),
    ...(config.discord
      ? { discord: createDiscordSender({ token: config.discord.token, apiUrl: config.discord.apiUrl }) }
      : {}),
  };
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const o = deps.options ?? {};
  const db = deps.store.db;
  const owner = o.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const leaseMs = o.leaseMs ?? 120_000;
  const maxChannels = o.maxChannels ?? 2000;
  const pollMs = o.pollMs ?? 1000;
  const concurrency = o.concurrency ?? 64;
  const active = new Map<string, Promise<void>>();
  const sleepers = new Set<() => void>();
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let pumping: Promise<void> | null = null;
  let again = false;

  // Counting semaphore over requests in flight. Slots are handed out a few at a time, between rounds of
  // I/O: the first requests of a fan-out leave before the rest are prepared, and an answer is taken in
  // soon after it arrives, its time noted (it paces the channel's next message).
  let free = concurrency;
  const waiting: (() => void)[] = [];
  let handOverScheduled = false;
  const scheduleHandOver = () => {
    if (handOverScheduled || free === 0 || waiting.length === 0) return;
    handOverScheduled = true;
    setImmediate(handOver);
  };
  const handOver = () => {
    handOverScheduled = false;
    for (let n = 0; n < HAND_OVER_BATCH && free > 0 && waiting.length > 0; n++) {
      free--;
      (waiting.shift() as () => void)();
    }
    scheduleHandOver();
  };
  const withSlot = async <T>(fn: () => Promise<T>): Promise<T> => {
    await new Promise<void>((r) => {
      waiting.push(r);
      scheduleHandOver();
    });
    try {
      return await fn();
    } finally {
      free++;
      scheduleHandOver();
      settleIfIdle();
    }
  };
  // Settling writes wait for a fuller batch while messages are going out, and go at once when none is.
  const settleIfIdle = () => {
    if (free < concurrency || waiting.length > 0) return;
    recordParts.flushNow();
    markSents.flushNow();
  };

  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (stopping) return resolve(false);
      const wake = () => {
        clearTimeout(t);
        sleepers.delete(wake);
        resolve(false);
      };
      const t = setTimeout(() => {
        sleepers.delete(wake);
        resolve(true);
      }, ms);
      sleepers.add(wake);
    });

  const senders: Partial<Record<string, PlatformSender>> = deps.senders ?? defaultSenders(deps.config);

  // Store writes of a fan-out go in batches: many channels finish a part, or a row, in the same moment.
  // A confirmed part (or a sent row) must be on record before the channel's next message, which waits
  // out the channel's interval: up to half of that is spent gathering the fan-out's confirmations into a
  // few statements, written when the sends pause rather than between them.
  const settleWaitMs = (row: OutboxRow) =>
    Math.min(MAX_SETTLE_WAIT_MS, (senders[splitChannelKey(row.channel).platform]?.channelIntervalMs ?? 0) / 2);
  const recordParts = groupCommit(
    async (items: PartsSettle[]) => {
      const ok = await recordPartsMany(db, owner, items);
      return items.map((it) => ok.has(it.row.id));
    },
    { maxWaitMs: (it) => settleWaitMs(it.row) },
  );
  const markSents = groupCommit(
    async (items: Omit<PartsSettle, "leaseUntil">[]) => {
      const ok = await markSentMany(db, owner, items);
      return items.map((it) => ok.has(it.row.id));
    },
    { maxWaitMs: (it) => settleWaitMs(it.row) },
  );
  const claimNext = groupCommit(async (channels: string[]) => {
    const heads = await claimHeadsOf(db, channels, owner, Date.now(), leaseMs);
    return channels.map((c) => heads.get(c) ?? null);
  });

  const ctx: DeliverContext = {
    db,
    owner,
    logger: deps.logger,
    policy: { ...DEFAULT_POLICY, ...o.policy },
    leaseMs,
    maxInlineWaitMs: o.maxInlineWaitMs ?? 60_000,
    senders,
    lostAccess: { lang: deps.config.defaultLang ?? "ko", adminChannel: o.adminChannel ?? null },
    lastSent: new Map(),
    withSlot,
    sleep,
    random: o.random ?? Math.random,
    onEnqueued: () => notify(),
    recordPart: (row, refs, leaseUntil) => {
      const recorded = recordParts({ row, refs, leaseUntil });
      settleIfIdle();
      return recorded;
    },
    markSent: (row, refs) => {
      const marked = markSents({ row, refs });
      settleIfIdle();
      return marked;
    },
  };

  async function work(first: OutboxRow): Promise<void> {
    let row: OutboxRow | null = first;
    while (row && !stopping) {
      let result: DeliverResult;
      try {
        result = await deliver(ctx, row);
      } catch (err) {
        // A store error: the lease runs out and the row is taken over later.
        deps.logger.error({ err, id: row.id, channel: row.channel }, "delivery failed unexpectedly");
        return;
      }
      // A parked (failed) row does not hold up the rest of its channel; a paused or waiting one does.
      if ((result !== "sent" && result !== "failed") || stopping) return;
      row = await claimNext(row.channel);
    }
  }

  /**
   * Starts a worker for each channel with a due row, claiming a request limit's worth of rows at a time;
   * the first claim is a small one, so the first requests leave at once.
   */
  async function fill(): Promise<number> {
    let started = 0;
    for (let want = Math.min(HAND_OVER_BATCH, concurrency); ; want = concurrency) {
      want = Math.min(want, maxChannels - active.size);
      if (stopping || want <= 0) return started;
      const rows = await claimDueHeads(db, owner, Date.now(), leaseMs, want, new Set(active.keys()));
      for (const row of rows) {
        if (active.has(row.channel)) {
          await release(db, row, owner);
          continue;
        }
        started++;
        const p = work(row).finally(() => active.delete(row.channel));
        active.set(row.channel, p);
      }
      if (stopping || rows.length < want) return started;
      // The first requests go out while the next rows are claimed.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Runs `fill` once at a time; a wake-up during a run schedules one more. */
  function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        again = false;
        try {
          await fill();
        } catch (err) {
          deps.logger.error({ err }, "outbox poll failed");
        }
      } while (again && !stopping);
    })().finally(() => {
      pumping = null;
    });
    return pumping;
  }

  function notify(): void {
    if (!stopping) void pump();
  }

  async function drainOnce(): Promise<void> {
    for (;;) {
      await pump();
      if (active.size === 0) {
        // Anything due that another wake-up did not start yet?
        if ((await fill()) === 0) return;
      }
      await Promise.all([...active.values()]);
      if (stopping) return;
    }
  }

  return {
    start() {
      stopping = false;
      if (timer) return;
      const tick = () => {
        timer = setTimeout(async () => {
          await pump();
          if (!stopping) tick();
        }, pollMs);
        timer.unref?.();
      };
      notify();
      tick();
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const wake of [...sleepers]) wake();
      await pumping;
      await Promise.all([...active.values()]);
    },
    drainOnce,
    notify,
  };
}
