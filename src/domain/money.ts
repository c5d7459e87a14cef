/** The one money parser and formatter, Korean and English, used everywhere (import cells, command options, grounding). */

export type { FormatMoneyOptions } from "./money-format.js";
export { formatMoney, formatUsd, groupDigits, koreanNumber } from "./money-format.js";
export type { MoneyErrorCode, MoneyParse, ParseMoneyOptions, Vagueness } from "./money-parse.js";
export { parseMoney } from "./money-parse.js";
