/**
 * Active subscriptions indexed by company, in memory, so matching one event costs a map look-up
 * per party rather than a query. Reloaded when the store's `subscriptions_rev` counter moves
 * (every subscribe, unsubscribe, pause or resume bumps it, on any replica).
 */
import type { Lang } from "../domain/types.js";
import { type Subscription, listActiveSubscriptions, subscriptionsRev } from "../store/subscription-repository.js";
import type { Db } from "./ports.js";

export interface IndexedSubscription extends Subscription {
  /** The channel's language for alerts. */
  lang: Lang;
}

export class SubscriptionIndex {
  private byCompany = new Map<string, IndexedSubscription[]>();
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

  /** Replaces the index's content (also used by benchmarks with synthetic subscriptions). */
  load(subs: IndexedSubscription[]): void {
    const by = new Map<string, IndexedSubscription[]>();
    for (const s of subs) {
      let list = by.get(s.company);
      if (!list) by.set(s.company, (list = []));
      list.push(s);
    }
    this.byCompany = by;
    this.size = subs.length;
  }

  forCompany(company: string): readonly IndexedSubscription[] {
    return this.byCompany.get(company) ?? [];
  }

  /** Companies that have at least one subscription asking for `kind`. */
  hasAny(): boolean {
    return this.size > 0;
  }
}
