/** Per-channel alert subscriptions: one per (channel, company), with a USD threshold and wanted kinds. */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import { bumpSubscriptionsRev, channelPlatform } from "./channel-repository.js";
import type { Database } from "./schema.js";
import type { SubscriptionsTable } from "./schema-channels.js";

type Db = Kysely<Database> | Transaction<Database>;

export const ALERT_KINDS = ["deal_added", "amount_changed", "status_changed", "loops", "exposure"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What a subscription gets when it names no kinds: news about the company's deals. */
export const DEFAULT_ALERT_KINDS: readonly AlertKind[] = ["deal_added", "amount_changed", "status_changed"];

export const subscriptionInputSchema = z
  .object({
    channel: z.string().min(3),
    company: z.string().min(1),
    minUsd: z.number().nonnegative().nullable(),
    kinds: z.array(z.enum(ALERT_KINDS)),
    /** Threshold of an `exposure` subscription: alert when exposure to one counterparty crosses it. */
    exposureUsd: z.number().positive().nullable().optional(),
  })
  .refine((s) => !s.kinds.includes("exposure") || (s.exposureUsd ?? 0) > 0, {
    message: "an exposure alert needs a threshold (exposure:$X)",
    path: ["exposureUsd"],
  });
export type SubscriptionInput = z.input<typeof subscriptionInputSchema>;

export interface Subscription {
  id: number;
  channel: string;
  company: string;
  minUsd: number | null;
  kinds: AlertKind[];
  exposureUsd: number | null;
  createdAt: string;
}

const kindsSchema = z.array(z.enum(ALERT_KINDS));

export function subscriptionFromRow(r: Omit<SubscriptionsTable, "id"> & { id: number }): Subscription {
  const kinds = kindsSchema.safeParse(JSON.parse(r.kinds));
  return {
    id: Number(r.id),
    channel: r.channel,
    company: r.company,
    minUsd: r.min_usd === null ? null : Number(r.min_usd),
    kinds: kinds.success && kinds.data.length > 0 ? kinds.data : [...DEFAULT_ALERT_KINDS],
    exposureUsd: r.exposure_usd === null ? null : Number(r.exposure_usd),
    createdAt: r.created_at,
  };
}

/**
 * Subscribes a channel to a company (an existing subscription's threshold and kinds are replaced).
 * Empty `kinds` means the default news kinds. Throws a ZodError on malformed input.
 */
export async function addSubscription(db: Db, input: SubscriptionInput): Promise<Subscription> {
  const s = subscriptionInputSchema.parse(input);
  const platform = channelPlatform(s.channel);
  const now = new Date().toISOString();
  const kinds = JSON.stringify(s.kinds.length > 0 ? [...new Set(s.kinds)] : DEFAULT_ALERT_KINDS);
  const exposure = s.kinds.includes("exposure") ? (s.exposureUsd ?? null) : null;
  await db
    .insertInto("channels")
    .values({ key: s.channel, platform, updated_at: now })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  await db
    .insertInto("subscriptions")
    .values({
      channel: s.channel,
      company: s.company,
      min_usd: s.minUsd,
      kinds,
      exposure_usd: exposure,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["channel", "company"]).doUpdateSet({ min_usd: s.minUsd, kinds, exposure_usd: exposure }),
    )
    .execute();
  await bumpSubscriptionsRev(db);
  const row = await db
    .selectFrom("subscriptions")
    .selectAll()
    .where("channel", "=", s.channel)
    .where("company", "=", s.company)
    .executeTakeFirstOrThrow();
  return subscriptionFromRow(row);
}

/** Returns whether there was a subscription to remove. */
export async function removeSubscription(db: Db, channel: string, company: string): Promise<boolean> {
  const r = await db
    .deleteFrom("subscriptions")
    .where("channel", "=", channel)
    .where("company", "=", company)
    .executeTakeFirst();
  const removed = Number(r.numDeletedRows) > 0;
  if (removed) await bumpSubscriptionsRev(db);
  return removed;
}

/** A channel's subscriptions, by company id. */
export async function listSubscriptions(db: Db, channel: string): Promise<Subscription[]> {
  const rows = await db
    .selectFrom("subscriptions")
    .selectAll()
    .where("channel", "=", channel)
    .orderBy("company")
    .execute();
  return rows.map(subscriptionFromRow);
}

/** Every subscription of a channel that is not paused (what the alert matcher indexes). */
export async function listActiveSubscriptions(db: Db): Promise<Subscription[]> {
  const rows = await db
    .selectFrom("subscriptions")
    .innerJoin("channels", "channels.key", "subscriptions.channel")
    .selectAll("subscriptions")
    .where("channels.paused", "=", 0)
    .orderBy("subscriptions.id")
    .execute();
  return rows.map(subscriptionFromRow);
}

/** The counter bumped on every subscription or pause change; an index reloads when it moves. */
export async function subscriptionsRev(db: Db): Promise<number> {
  const row = await db
    .selectFrom("job_state")
    .select("value")
    .where("name", "=", "subscriptions_rev")
    .executeTakeFirst();
  return row ? Number(row.value) : 0;
}
