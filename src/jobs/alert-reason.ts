/** The footnote under an alert saying why this channel gets it. */
import type { NameLookup } from "../briefing/templates.js";
import { withParticle } from "../domain/korean.js";
import { formatUsd } from "../domain/money.js";
import type { Lang } from "../domain/types.js";
import type { AlertMatch } from "./alert-match.js";

export function alertReason(m: AlertMatch, lang: Lang, names: NameLookup): string {
  const company = names(m.sub.company)[lang];
  if (m.exposure) {
    const cp = names(m.exposure.counterparty)[lang];
    const total = formatUsd(m.exposure.usd, lang);
    const limit = formatUsd(m.exposure.threshold, lang);
    return lang === "ko"
      ? `${withParticle(company, "과/와")} ${cp} 간 거래 규모가 ${withParticle(total, "으로/로")} 알림 기준(${limit})을 넘어섰다.`
      : `${company}'s exposure to ${cp} is now ${total}, past the ${limit} alert threshold.`;
  }
  if (!m.kinds.some((k) => k === "deal_added" || k === "amount_changed" || k === "status_changed")) {
    return lang === "ko" ? `${company} 구독 · 순환 고리 알림` : `Following ${company} · loop alerts`;
  }
  const min = m.sub.minUsd === null ? null : formatUsd(m.sub.minUsd, lang);
  if (lang === "ko") return min ? `${company} 구독 · ${min} 이상` : `${company} 구독`;
  return min ? `Following ${company} · ${min} and above` : `Following ${company}`;
}
