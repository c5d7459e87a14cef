/** Amount labels for charts, in the project's one money style (src/domain/money.ts). */
import { formatMoney, formatUsd } from "../domain/money.js";
import type { Amount, Lang } from "../domain/types.js";

/** An amount in the language's press style: `최대 1,000억 달러` / `up to $100B`; null → undisclosed. No FX note: charts stay short. */
export function amountText(amount: Amount | null, lang: Lang): string {
  return formatMoney(amount, lang, { style: "short" });
}

/** A plain USD figure: `220억 달러` / `$22B`. */
export function usdText(usd: number, lang: Lang): string {
  return formatUsd(usd, lang);
}
