/**
 * The `kinds` option of `/subscribe`: `new, revised, status, loops, exposure:$5B` (Korean words too).
 * Store kinds are `deal_added`, `amount_changed`, `status_changed`, `loops`, `exposure`.
 */

import { escapeInline } from "../../src/briefing/sanitize.js";
import type { FxTable } from "../../src/domain/fx.js";
import { withParticle } from "../../src/domain/korean.js";
import { formatUsd, parseMoney } from "../../src/domain/money.js";
import type { Lang } from "../../src/domain/types.js";
import { UserError } from "../../src/platforms/command.js";
import { type AlertKind, DEFAULT_ALERT_KINDS } from "../../src/store/subscription-repository.js";

export type AlertKindName = AlertKind;

const WORDS: Record<string, AlertKindName> = {
  new: "deal_added",
  added: "deal_added",
  신규: "deal_added",
  revised: "amount_changed",
  amount: "amount_changed",
  변경: "amount_changed",
  금액: "amount_changed",
  status: "status_changed",
  상태: "status_changed",
  loops: "loops",
  loop: "loops",
  순환: "loops",
  exposure: "exposure",
  익스포저: "exposure",
};

export interface ParsedKinds {
  kinds: AlertKindName[];
  exposureUsd: number | null;
}

/** The kind a part of the list names (`exposure` for `exposure:$5B`), if any. */
function kindOf(part: string): AlertKindName | undefined {
  const word = (part.split(":")[0] ?? "").toLowerCase();
  return Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
}

/** Words split on commas and spaces; a word that names no kind continues the previous one (`exposure:10억 달러`). */
function kindParts(text: string): string[] {
  const parts: string[] = [];
  for (const w of text.split(/[\s,，、]+/u).filter(Boolean)) {
    if (!kindOf(w) && parts.length > 0) parts[parts.length - 1] += ` ${w}`;
    else parts.push(w);
  }
  return parts;
}

/** Whether `text` reads as a kinds list (`loops`, `new,status`, `exposure:10억 달러`), before amounts are checked. */
export function isKindsText(text: string): boolean {
  const parts = kindParts(text);
  // only an exposure threshold runs on over words
  return parts.length > 0 && parts.every((p) => kindOf(p) === "exposure" || (kindOf(p) && !p.includes(" ")));
}

/** Parses the kinds list; `exposure` needs its threshold (`exposure:$5B`). */
export function parseKinds(text: string, fx: FxTable, on: string): ParsedKinds {
  const kinds = new Set<AlertKindName>();
  let exposureUsd: number | null = null;
  for (const part of kindParts(text)) {
    const [word = "", ...rest] = part.split(":");
    const kind = kindOf(part);
    if (!kind) {
      throw new UserError({
        en: `Unknown alert kind “${escapeInline(word)}”. Use new, revised, status, loops or exposure:$5B.`,
        ko: `${withParticle(`“${escapeInline(word)}”`, "은/는")} 알림 종류가 아닙니다. new(신규), revised(변경), status(상태), loops(순환), exposure:$5B(익스포저) 중에서 고르세요.`,
      });
    }
    if (kind === "exposure") {
      const amountText = rest.join(":").trim();
      const m = amountText ? parseMoney(amountText) : null;
      const usd = m?.ok && m.kind === "money" ? fx.toUsd(m.amount.value, m.amount.currency, on) : null;
      if (usd === null || usd <= 0) {
        throw new UserError({
          en: "`exposure` needs a threshold, e.g. `kinds:exposure:$5B`.",
          ko: "`exposure`에는 기준 금액이 필요합니다. 예: `kinds:exposure:50억 달러`",
        });
      }
      exposureUsd = usd;
    }
    kinds.add(kind);
  }
  if (kinds.size === 0) return { kinds: [...DEFAULT_ALERT_KINDS], exposureUsd: null };
  return { kinds: [...kinds], exposureUsd };
}

const KIND_WORDS: Record<Exclude<AlertKindName, "exposure">, { en: string; ko: string }> = {
  deal_added: { en: "new deals", ko: "신규 거래" },
  amount_changed: { en: "revised amounts", ko: "금액 변경" },
  status_changed: { en: "status changes", ko: "상태 변경" },
  loops: { en: "circular loops", ko: "순환 고리" },
};

/** A subscription's alert kinds in words: `new deals, exposure to any one counterparty past $5B`. */
export function alertKindsText(kinds: readonly string[], exposureUsd: number | null, lang: Lang): string {
  return kinds
    .map((k) => {
      if (k === "exposure") {
        const limit = exposureUsd ? formatUsd(exposureUsd, lang) : "?";
        return lang === "ko" ? `상대방별 거래 규모 ${limit} 초과` : `exposure to any one counterparty past ${limit}`;
      }
      return KIND_WORDS[k as keyof typeof KIND_WORDS]?.[lang] ?? k;
    })
    .join(", ");
}
