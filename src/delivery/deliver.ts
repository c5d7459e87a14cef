/**
 * Delivering one claimed outbox row: render, post each remaining part in order (paced per channel),
 * settle the row. Retries happen in place while the wait is short; longer waits hand the row back.
 */
import type { Logger } from "../log.js";
import { handleLostAccess, type LostAccessContext } from "./lost-access.js";
import { type Db, loadMessage, type OutboxRow } from "./outbox.js";
import { backoffMs, type RetryPolicy } from "./policy.js";
import { extendLease, park, recordFailure, release, threadRoot } from "./queue.js";
import { asSendError, type PlatformSender, partKey } from "./sender.js";

export interface DeliverContext {
  db: Db;
  owner: string;
  logger: Pick<Logger, "info" | "warn" | "error" | "debug">;
  policy: RetryPolicy;
  leaseMs: number;
  /** Waits longer than this release the row to the queue instead of holding it. */
  maxInlineWaitMs: number;
  senders: Partial<Record<string, PlatformSender>>;
  lostAccess: Omit<LostAccessContext, "db" | "logger">;
  /** When the last answer from each channel came (`performance.now()`: sub-millisecond, never jumps), for pacing. */
  lastSent: Map<string, number>;
  /** Limits concurrent requests across channels. */
  withSlot<T>(fn: () => Promise<T>): Promise<T>;
  /** Resolves after `ms`, or early (false) when the dispatcher stops. */
  sleep(ms: number): Promise<boolean>;
  random: () => number;
  /** Called when a notice was queued, so it goes out soon. */
  onEnqueued(): void;
  /** Records confirmed parts of a row this owner holds (batched with other rows); false when the lease was lost. */
  recordPart(row: OutboxRow, refs: string[], leaseUntil: number): Promise<boolean>;
  /** Marks a fully confirmed row sent and moves its watermark (batched); false when the lease was lost. */
  markSent(row: OutboxRow, refs: string[]): Promise<boolean>;
}

export type DeliverResult = "sent" | "failed" | "paused" | "released" | "lost-lease";

export function splitChannelKey(key: string): { platform: string; id: string } {
  const i = key.indexOf(":");
  return { platform: key.slice(0, i), id: key.slice(i + 1) };
}

export async function deliver(ctx: DeliverContext, row: OutboxRow): Promise<DeliverResult> {
  const { db, owner, logger } = ctx;
  const log = { id: row.id, key: row.key, channel: row.channel };
  const { platform, id: channelId } = splitChannelKey(row.channel);
  const sender = ctx.senders[platform];
  if (!sender) {
    await park(db, row, owner, "failed", `no sender configured for platform "${platform}"`);
    logger.error(log, "outbox row parked: its platform is not configured");
    return "failed";
  }

  const parts = await renderCached(ctx.db, sender, row);
  const threadRef = row.threadKey ? await threadRoot(db, row.channel, row.threadKey, row.id) : null;
  const refs = [...row.refs];
  let uncertain = row.uncertain;
  let attempts = row.attempts;
  let leaseUntil = row.leaseUntil ?? 0;

  while (refs.length < parts.length) {
    const i = refs.length;
    // Timers may fire a little early against the wall clock, so re-check after each sleep.
    for (;;) {
      const wait =
        (ctx.lastSent.get(row.channel) ?? Number.NEGATIVE_INFINITY) + sender.channelIntervalMs - performance.now();
      if (wait <= 0) break;
      if (!(await ctx.sleep(wait))) return giveBack(ctx, row);
    }
    if (leaseUntil - Date.now() < ctx.leaseMs / 2) {
      leaseUntil = Date.now() + ctx.leaseMs;
      if (!(await extendLease(db, row, owner, leaseUntil))) return lostLease(ctx, row);
    }
    try {
      const { ref } = await ctx.withSlot(() =>
        sender.sendPart(channelId, parts[i], {
          idempotencyKey: partKey(row.key, i),
          ...(threadRef ? { threadRef, broadcast: row.broadcast } : {}),
          reconcile: uncertain,
        }),
      );
      ctx.lastSent.set(row.channel, performance.now());
      refs.push(ref);
      uncertain = false;
      // Awaited before the next part: after a crash at most one part past `parts_sent` can be out.
      if (refs.length < parts.length && !(await ctx.recordPart(row, refs, leaseUntil))) return lostLease(ctx, row);
    } catch (err) {
      ctx.lastSent.set(row.channel, performance.now());
      const e = asSendError(err);
      if (e.lostAccess) {
        if (!(await park(db, row, owner, "paused", e.message))) return lostLease(ctx, row);
        const queued = await handleLostAccess({ ...ctx.lostAccess, db, logger }, row.channel, e.message, row.id);
        if (queued) ctx.onEnqueued();
        return "paused";
      }
      let delay: number;
      if (e.retryAfterMs !== undefined) {
        delay = Math.min(e.retryAfterMs, ctx.policy.maxRetryAfterMs);
      } else {
        attempts++;
        if (e.permanent || attempts >= ctx.policy.maxAttempts) {
          if (!(await park(db, row, owner, "failed", e.message, attempts))) return lostLease(ctx, row);
          logger.error(
            { ...log, attempts, error: e.message },
            "outbox row parked as failed; resend with `dealgraph outbox --retry`",
          );
          return "failed";
        }
        delay = backoffMs(ctx.policy, attempts, ctx.random);
      }
      uncertain = uncertain || e.unknownOutcome;
      const releaseRow = delay > ctx.maxInlineWaitMs;
      const nextAttemptAt = Date.now() + delay;
      logger.warn({ ...log, attempts, delayMs: delay, error: e.message }, "send failed; retrying");
      const ok = await recordFailure(db, row, owner, {
        error: e.message,
        attempts,
        uncertain,
        nextAttemptAt,
        release: releaseRow,
        leaseMs: ctx.leaseMs,
      });
      if (!ok) return lostLease(ctx, row);
      if (releaseRow) return "released";
      leaseUntil = nextAttemptAt + ctx.leaseMs;
      if (!(await ctx.sleep(delay))) return giveBack(ctx, row);
    }
  }
  if (!(await ctx.markSent(row, refs))) return lostLease(ctx, row);
  logger.debug({ ...log, parts: refs.length }, "outbox row sent");
  return "sent";
}

// A digest fans out the same message to many channels: render it once per platform. The promise is
// cached, so the channels of a fan-out that start together share one load and one render.
const renders = new Map<string, Promise<unknown[]>>();
function renderCached(db: Db, sender: PlatformSender, row: OutboxRow): Promise<unknown[]> {
  const key = `${sender.platform}:${row.messageHash}`;
  let parts = renders.get(key);
  if (!parts) {
    parts = loadMessage(db, row.messageHash).then((m) => sender.render(m));
    parts.catch(() => renders.delete(key));
    if (renders.size >= 32) renders.delete(renders.keys().next().value as string);
    renders.set(key, parts);
  }
  return parts;
}

async function giveBack(ctx: DeliverContext, row: OutboxRow): Promise<DeliverResult> {
  await release(ctx.db, row, ctx.owner);
  return "released";
}

function lostLease(ctx: DeliverContext, row: OutboxRow): DeliverResult {
  ctx.logger.warn({ id: row.id, key: row.key }, "outbox row taken over by another process; leaving it");
  return "lost-lease";
}
