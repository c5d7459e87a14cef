/**
 * Alerts: one message per event that matched a subscription (new deal, revised amount, status
 * change, a loop closed), and a folded summary when a burst of events would flood a channel.
 * Wording is in `templates/{lang}/alert.liquid`.
 */
import type { Cycle } from "../analytics/types.js";
import type { FxTable } from "../domain/fx.js";
import type { Deal, DealEvent, Lang } from "../domain/types.js";
import { dealAfter, digestItems, GROUP_ORDER } from "./digest.js";
import type { NeutralMessage } from "./message.js";
import { type NameLookup, renderTemplate } from "./templates.js";

export interface AlertInput {
  event: DealEvent;
  deal: Deal;
  lang: Lang;
  names: NameLookup;
  fx?: FxTable;
  /** Why this channel gets it, e.g. the subscription; shown as a footnote. */
  reason?: string;
  /** The loop this event closed, for a loop alert. */
  loop?: Cycle;
  /** Events recorded after this one (`deal` is the current state, which they may have changed since). */
  later?: readonly DealEvent[];
}

/** The alert for one event; a source-only update becomes a short follow-up note. */
export function alertMessage(input: AlertInput): NeutralMessage {
  const { event, deal, lang } = input;
  const fmt = { lang, names: input.names, today: event.recordedAt.slice(0, 10), ...(input.fx ? { fx: input.fx } : {}) };
  const then = dealAfter(deal, event, input.later ?? []);
  const [item] = digestItems([event], new Map([[deal.id, then]]), lang, input.fx);
  if (!item) throw new Error(`event ${event.seq} of deal ${deal.id} yields no alert`);
  return renderTemplate("alert", fmt, {
    folded: false,
    it: item,
    loop: input.loop?.path ?? null,
    reason: input.reason ?? null,
  });
}

export interface FoldedAlertsInput {
  deals: Map<string, Deal>;
  /** Events recorded after the burst, whose changes the current `deals` already show. */
  later?: DealEvent[];
  lang: Lang;
  names: NameLookup;
  fx?: FxTable;
  reason?: string;
}

/** One message summarising a burst of events, grouped like a digest, larger amounts first. */
export function foldedAlertsMessage(events: DealEvent[], input: FoldedAlertsInput): NeutralMessage {
  const items = digestItems(events, input.deals, input.lang, input.fx, input.later);
  const groups = GROUP_ORDER.map((key) => ({
    key,
    items: items.filter((i) => i.type === key).sort((a, b) => b.size - a.size),
  })).filter((g) => g.items.length > 0);
  const today = (
    events
      .map((e) => e.recordedAt)
      .sort()
      .at(-1) ?? ""
  ).slice(0, 10);
  const fmt = { lang: input.lang, names: input.names, today, ...(input.fx ? { fx: input.fx } : {}) };
  return renderTemplate("alert", fmt, { folded: true, groups, count: items.length, reason: input.reason ?? null });
}
