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
      ? `${company}의 ${withParticle(cp, "과/와")} 거래 규모가 ${total}로 구독 기준 ${limit}${limitParticle(limit)} 넘어섰다.`
      : `${company}'s exposure to ${cp} is now ${total}, past the ${limit} alert threshold.`;
  }
  const min = m.sub.minUsd === null ? null : formatUsd(m.sub.minUsd, lang);
  if (lang === "ko") return min ? `${company} 구독 · ${min} 이상` : `${company} 구독`;
  return min ? `Following ${company} · ${min} and above` : `Following ${company}`;
}

/** 을/를 after a money figure, which always ends in a Korean unit word (달러, 원). */
function limitParticle(money: string): string {
  return withParticle(money, "을/를").slice(money.length);
}
