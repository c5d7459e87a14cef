/** Option choice labels in both languages (Discord shows them; typed text accepts them). */
import type { DealKind, DealStatus } from "../../src/domain/types.js";
import type { Localized } from "../../src/platforms/command.js";

export const STATUS_LABELS: Record<DealStatus, Localized> = {
  rumored: { en: "Rumored", ko: "추진설" },
  reported: { en: "Reported", ko: "보도" },
  announced: { en: "Announced", ko: "발표" },
  signed: { en: "Signed", ko: "체결" },
  completed: { en: "Closed", ko: "완료" },
  stalled: { en: "Stalled", ko: "난항" },
  cancelled: { en: "Called off", ko: "무산" },
};

export const KIND_LABELS: Record<DealKind, Localized> = {
  investment: { en: "Investment", ko: "투자" },
  funding_round: { en: "Funding round", ko: "투자 유치" },
  acquisition: { en: "Acquisition", ko: "인수" },
  purchase: { en: "Purchase", ko: "구매 계약" },
  warrant: { en: "Warrant", ko: "신주인수권" },
  loan: { en: "Loan", ko: "대출" },
  partnership: { en: "Partnership", ko: "제휴" },
};
