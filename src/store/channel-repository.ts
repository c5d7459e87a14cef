/**
 * Channel settings: language, digest schedule, pause state and the digest watermark.
 * A channel is keyed `platform:id` (`slack:C123`, `discord:987…`, `console:main`); its row is
 * created on the first setting written.
 */
import type { Kysely, Selectable, Transaction, Updateable } from "kysely";
import { z } from "zod";
import { LANGS, type Lang } from "../domain/types.js";
import type { Database } from "./schema.js";
import type { ChannelsTable } from "./schema-channels.js";

type Db = Kysely<Database> | Transaction<Database>;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const digestScheduleSchema = z.object({
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM (24-hour)"),
  tz: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "an IANA time zone such as Asia/Seoul"),
  lang: z.enum(LANGS),
  day: z.enum(WEEKDAYS).nullish(),
  emptyNotice: z.boolean().optional(),
});
export type DigestScheduleInput = z.input<typeof digestScheduleSchema>;

export interface DigestSchedule {
  time: string;
  tz: string;
  lang: Lang;
  /** null = daily. */
  day: Weekday | null;
  emptyNotice: boolean;
  /** Windows that fell due before this instant are never sent. */
  setAt: string;
}

export interface Channel {
  key: string;
  platform: string;
  lang: Lang | null;
  digest: DigestSchedule | null;
  paused: boolean;
  pausedReason: string | null;
  watermarkSeq: number;
  /** Highest seq already handed to the outbox in a digest (confirmed or not). */
  digestEnqueuedSeq: number;
  lastDigestWindow: string | null;
}

const CHANNEL_KEY = /^(slack|discord|console):[^\s:]+$/;

/** Throws on a malformed key: keys come from platform adapters, so a bad one is a programming error. */
export function channelPlatform(key: string): string {
  if (!CHANNEL_KEY.test(key)) throw new Error(`malformed channel key: ${key}`);
  return key.slice(0, key.indexOf(":"));
}

export function channelFromRow(r: Selectable<ChannelsTable>): Channel {
  const digest: DigestSchedule | null =
    r.digest_time && r.tz
      ? {
          time: r.digest_time,
          tz: r.tz,
          lang: (r.digest_lang ?? r.lang ?? "ko") as Lang,
          day: (r.digest_day as Weekday | null) ?? null,
          emptyNotice: Number(r.empty_notice) === 1,
          setAt: r.digest_set_at ?? new Date(0).toISOString(),
        }
      : null;
  return {
    key: r.key,
    platform: r.platform,
    lang: (r.lang as Lang | null) ?? null,
    digest,
    paused: Number(r.paused) === 1,
    pausedReason: r.paused_reason,
    watermarkSeq: Number(r.watermark_seq),
    digestEnqueuedSeq: Number(r.digest_enqueued_seq),
    lastDigestWindow: r.last_digest_window,
  };
}

/** Inserts the channel row if missing, then applies `set`. */
async function upsertChannel(
  db: Db,
  key: string,
  set: Omit<Updateable<ChannelsTable>, "key" | "platform">,
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto("channels")
    .values({ key, platform: channelPlatform(key), updated_at: now, ...set })
    .onConflict((oc) => oc.column("key").doUpdateSet({ ...set, updated_at: now }))
    .execute();
}

export async function getChannel(db: Db, key: string): Promise<Channel | null> {
  const row = await db.selectFrom("channels").selectAll().where("key", "=", key).executeTakeFirst();
  return row ? channelFromRow(row) : null;
}

export async function setChannelLang(db: Db, key: string, lang: Lang | null): Promise<void> {
  await upsertChannel(db, key, { lang });
}

/**
 * Sets (or with null, stops) the channel's digest. `now` marks when the schedule starts, so
 * a schedule set at 10:00 for 08:00 first runs tomorrow rather than catching up on today.
 * Throws a ZodError on a malformed schedule.
 */
export async function setDigestSchedule(
  db: Db,
  key: string,
  schedule: DigestScheduleInput | null,
  now: Date = new Date(),
): Promise<void> {
  if (schedule === null) {
    await upsertChannel(db, key, { digest_time: null, digest_day: null, digest_set_at: null });
    return;
  }
  const s = digestScheduleSchema.parse(schedule);
  await upsertChannel(db, key, {
    digest_time: s.time,
    tz: s.tz,
    digest_lang: s.lang,
    digest_day: s.day ?? null,
    empty_notice: s.emptyNotice ? 1 : 0,
    digest_set_at: now.toISOString(),
  });
}

/** Pauses the channel's digest and alerts (e.g. the bot lost access); admins see `reason`. */
export async function pauseChannel(db: Db, key: string, reason: string): Promise<void> {
  await upsertChannel(db, key, { paused: 1, paused_reason: reason });
  await bumpSubscriptionsRev(db);
}

export async function resumeChannel(db: Db, key: string): Promise<void> {
  await upsertChannel(db, key, { paused: 0, paused_reason: null });
  await bumpSubscriptionsRev(db);
}

export async function listPausedChannels(db: Db): Promise<Channel[]> {
  const rows = await db.selectFrom("channels").selectAll().where("paused", "=", 1).orderBy("key").execute();
  return rows.map(channelFromRow);
}

/** Highest event seq a confirmed digest covered (0 for an unknown channel). */
export async function getWatermark(db: Db, key: string): Promise<number> {
  const row = await db.selectFrom("channels").select("watermark_seq").where("key", "=", key).executeTakeFirst();
  return row ? Number(row.watermark_seq) : 0;
}

/** Moves the watermark to `seq` if that is further; never backwards. Called when a digest send is confirmed. */
export async function advanceWatermark(db: Db, key: string, seq: number): Promise<void> {
  await db
    .insertInto("channels")
    .values({ key, platform: channelPlatform(key), watermark_seq: seq, updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.column("key").doUpdateSet({ watermark_seq: seq }).where("channels.watermark_seq", "<", seq))
    .execute();
}

/** Channels with a digest schedule that are not paused. Due-ness is decided by the caller's clock. */
export async function listDueSchedules(db: Db): Promise<Channel[]> {
  const rows = await db
    .selectFrom("channels")
    .selectAll()
    .where("digest_time", "is not", null)
    .where("paused", "=", 0)
    .orderBy("key")
    .execute();
  return rows.map(channelFromRow);
}

/**
 * Claims a digest window: records it as run and remembers the seq handed to the outbox.
 * Returns false when the window was already claimed (by another replica or an earlier run),
 * so it must be called inside the transaction that enqueues the digest.
 */
export async function claimDigestWindow(db: Db, key: string, window: string, enqueuedSeq: number): Promise<boolean> {
  const r = await db
    .updateTable("channels")
    .set({ last_digest_window: window, digest_enqueued_seq: enqueuedSeq })
    .where("key", "=", key)
    .where((eb) => eb.or([eb("last_digest_window", "is", null), eb("last_digest_window", "<", window)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Increments the counter that tells every replica's subscription index to reload. */
export async function bumpSubscriptionsRev(db: Db): Promise<void> {
  await db
    .insertInto("job_state")
    .values({ name: "subscriptions_rev", value: 1 })
    .onConflict((oc) => oc.column("name").doUpdateSet((eb) => ({ value: eb("job_state.value", "+", 1) })))
    .execute();
}
