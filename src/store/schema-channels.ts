/** Channel settings, subscriptions and the small tables that keep jobs correct across replicas. */
import type { Generated } from "kysely";

/** One destination (`platform:id`): its language, digest schedule, pause state and digest watermark. */
export interface ChannelsTable {
  key: string;
  platform: string;
  lang: string | null;
  /** IANA zone the digest time is read in. */
  tz: string | null;
  /** `HH:MM` local time; null = no digest. */
  digest_time: string | null;
  /** null = daily, else `mon`..`sun`. */
  digest_day: string | null;
  digest_lang: string | null;
  /** 1 = post a one-liner on a day without news. */
  empty_notice: Generated<number>;
  /** ISO instant the schedule was set: windows before it are never due. */
  digest_set_at: string | null;
  paused: Generated<number>;
  paused_reason: string | null;
  /** Highest event seq a confirmed digest send covered. Moved only by the dispatcher. */
  watermark_seq: Generated<number>;
  /** Highest event seq already handed to the outbox in a digest (sent or not). */
  digest_enqueued_seq: Generated<number>;
  /** Window key (`YYYY-MM-DD`, local date) of the last digest run. */
  last_digest_window: string | null;
  updated_at: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  channel: string;
  company: string;
  min_usd: number | null;
  /** JSON array of AlertKind. */
  kinds: string;
  exposure_usd: number | null;
  created_at: string;
}

/** Named counters: `alert_cursor` (last event seq the alert poller handled), `subscriptions_rev`. */
export interface JobStateTable {
  name: string;
  value: number;
}

/** Per-job lease so one run of a job (e.g. one channel's digest) never overlaps another. */
export interface JobLeasesTable {
  name: string;
  holder: string;
  /** Epoch milliseconds. */
  expires_at: number;
}

/** Alerts posted per channel per minute, for folding bursts. */
export interface AlertBurstsTable {
  channel: string;
  /** `YYYY-MM-DDTHH:MM` (UTC). */
  minute: string;
  count: number;
}

export interface ChannelTables {
  channels: ChannelsTable;
  subscriptions: SubscriptionsTable;
  job_state: JobStateTable;
  job_leases: JobLeasesTable;
  alert_bursts: AlertBurstsTable;
}
