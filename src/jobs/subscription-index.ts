/**
 * Active subscriptions indexed by company, in memory, so matching an event costs a map look-up and
 * a binary search per party, not a query or a scan: for each company and news kind the subscribers
 * are kept sorted by their USD threshold, and those an event's amount clears form a prefix.
 * Reloaded when the store's `subscriptions_rev` counter moves (every subscribe, unsubscribe, pause
 * or resume bumps it, on any replica).
 */
import type { Lang } from "../domain/types.js";
import { listActiveSubscriptions, type Subscription, subscriptionsRev } from "../store/subscription-repository.js";
import type { Db } from "./ports.js";

export interface IndexedSubscription extends Subscription {
  /** The channel's language for alerts. */
  lang: Lang;
}

export type NewsKind = "deal_added" | "amount_changed" | "status_changed";
const NEWS_KINDS: NewsKind[] = ["deal_added", "amount_changed", "status_changed"];

/** Subscribers of one company to one news kind, by ascending threshold (no threshold first, as -1). */
export interface NewsBucket {
  subs: IndexedSubscription[];
  mins: Float64Array;
}

interface CompanyEntry {
  news: Partial<Record<NewsKind, NewsBucket>>;
  loops: IndexedSubscription[];
  /** `exposure` subscribers by ascending threshold (`mins` holds the thresholds). */
  exposure: NewsBucket;
}

const EMPTY: CompanyEntry = { news: {}, loops: [], exposure: { subs: [], mins: new Float64Array(0) } };

export class SubscriptionIndex {
  private byCompany = new Map<string, CompanyEntry>();
  private rev = -1;
  size = 0;

  constructor(private readonly defaultLang: Lang) {}

  /** Reloads from the store when something changed since the last load. */
  async refresh(db: Db): Promise<void> {
    const rev = await subscriptionsRev(db);
    if (rev === this.rev) return;
    const subs = await listActiveSubscriptions(db);
    const langs = new Map<string, Lang>();
    const channels = [...new Set(subs.map((s) => s.channel))];
    for (let i = 0; i < channels.length; i += 500) {
      const rows = await db
        .selectFrom("channels")
        .select(["key", "lang", "digest_lang"])
        .where("key", "in", channels.slice(i, i + 500))
        .execute();
      for (const r of rows) langs.set(r.key, ((r.lang ?? r.digest_lang) as Lang | null) ?? this.defaultLang);
    }
    this.load(subs.map((s) => ({ ...s, lang: langs.get(s.channel) ?? this.defaultLang })));
    this.rev = rev;
  }

  /** Replaces the index's content (also used by the bench with synthetic subscriptions). */
  load(subs: IndexedSubscription[]): void {
    type Lists = {
      news: Map<NewsKind, IndexedSubscription[]>;
      loops: IndexedSubscription[];
      exposure: IndexedSubscription[];
    };
    const lists = new Map<string, Lists>();
    for (const s of subs) {
      let e = lists.get(s.company);
      if (!e) {
        e = { news: new Map(), loops: [], exposure: [] };
        lists.set(s.company, e);
      }
      for (const k of NEWS_KINDS) {
        if (!s.kinds.includes(k)) continue;
        let l = e.news.get(k);
        if (!l) {
          l = [];
          e.news.set(k, l);
        }
        l.push(s);
      }
      if (s.kinds.includes("loops")) e.loops.push(s);
      if (s.kinds.includes("exposure") && s.exposureUsd !== null) e.exposure.push(s);
    }
    const by = new Map<string, CompanyEntry>();
    for (const [company, e] of lists) {
      const news: CompanyEntry["news"] = {};
      for (const [k, l] of e.news) {
        l.sort((a, b) => (a.minUsd ?? -1) - (b.minUsd ?? -1) || a.id - b.id);
        news[k] = { subs: l, mins: Float64Array.from(l, (s) => s.minUsd ?? -1) };
      }
      e.exposure.sort((a, b) => (a.exposureUsd ?? 0) - (b.exposureUsd ?? 0) || a.id - b.id);
      const exposure = { subs: e.exposure, mins: Float64Array.from(e.exposure, (s) => s.exposureUsd ?? 0) };
      by.set(company, { news, loops: e.loops, exposure });
    }
    this.byCompany = by;
    this.size = subs.length;
  }

  /**
   * How many subscribers of `company` to `kind` an event of `usd` clears, and the sorted list they
   * are the first `count` of. An undisclosed amount (null) clears only subscriptions with no threshold.
   */
  news(company: string, kind: NewsKind, usd: number | null): { subs: IndexedSubscription[]; count: number } {
    const bucket = this.byCompany.get(company)?.news[kind];
    if (!bucket) return { subs: [], count: 0 };
    return { subs: bucket.subs, count: upperBound(bucket.mins, usd ?? -1) };
  }

  /** Subscriptions of `company` that ask for `loops`. */
  loops(company: string): IndexedSubscription[] {
    return (this.byCompany.get(company) ?? EMPTY).loops;
  }

  /** `exposure` subscribers of `company` whose threshold lies in (before, after]: subs[start..end). */
  exposureCrossed(
    company: string,
    before: number,
    after: number,
  ): { subs: IndexedSubscription[]; start: number; end: number } {
    const b = (this.byCompany.get(company) ?? EMPTY).exposure;
    if (after <= before || b.subs.length === 0) return { subs: b.subs, start: 0, end: 0 };
    return { subs: b.subs, start: upperBound(b.mins, before), end: upperBound(b.mins, after) };
  }

  hasGraphSubs(company: string): boolean {
    const e = this.byCompany.get(company);
    return e !== undefined && (e.loops.length > 0 || e.exposure.subs.length > 0);
  }
}

/** Number of entries ≤ x in an ascending array. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
