import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FxTable, fxRatesFromPairs } from "../../src/domain/fx.js";
import { formatMoney, formatUsd, parseMoney } from "../../src/domain/money.js";
import type { Amount, Lang } from "../../src/domain/types.js";

const usd = (value: number, qualifier: Amount["qualifier"] = "exact", max?: number): Amount =>
  max === undefined ? { value, currency: "USD", qualifier } : { value, currency: "USD", qualifier, max };
const krw = (value: number, qualifier: Amount["qualifier"] = "exact"): Amount => ({
  value,
  currency: "KRW",
  qualifier,
});
const fx = new FxTable([{ currency: "KRW", on: "2026-01-01", rate: 1450 }]);

describe("parseMoney reads money as Korean and English reporters write it", () => {
  const money: [string, Amount, string?][] = [
    ["1000억 달러", usd(1e11)],
    ["1,000억 달러", usd(1e11)],
    ["약 139조 원", krw(139e12, "approx")],
    ["1경 2,000조 원", krw(1.2e16)],
    ["54억 달러", usd(5.4e9)],
    ["100억불", usd(1e10)],
    ["5억 불", usd(5e8)],
    ["1억 8천만 달러", usd(1.8e8)],
    ["53억 7500만 달러", usd(5.375e9)],
    ["53억 7,500만 달러", usd(5.375e9)],
    ["수백억 달러", usd(1e10, "range", 1e11), "hundreds"],
    ["수십억 달러", usd(1e9, "range", 1e10), "tens"],
    ["수백억 달러 규모", usd(1e10, "range", 1e11), "hundreds"],
    ["tens of billions of dollars", usd(1e10, "range", 1e11), "tens"],
    ["최대 20억 달러", usd(2e9, "up_to")],
    ["5조~7조 달러", usd(5e12, "range", 7e12)],
    ["5~7조 달러", usd(5e12, "range", 7e12)],
    ["$5.4B", usd(5.4e9)],
    ["$180 million", usd(1.8e8)],
    ["USD 2.5 bn", usd(2.5e9)],
    ["US$ 2.5 billion", usd(2.5e9)],
    ["₩1.2조", krw(1.2e12)],
    ["KRW 120B", krw(1.2e11)],
    ["천억 원", krw(1e11)],
    ["20억 달러 이상", usd(2e9, "at_least")],
    ["at least $1B", usd(1e9, "at_least")],
    ["about $300M", usd(3e8, "approx")],
    ["~$300M", usd(3e8, "approx")],
    ["up to $100B", usd(1e11, "up_to")],
    ["$10B–$100B", usd(1e10, "range", 1e11)],
    ["$5-7B", usd(5e9, "range", 7e9)],
    ["200억달러", usd(2e10)],
    ["１０억　달러", usd(1e9)],
    ["1,000억 달러(약 145조 원)", usd(1e11)],
  ];
  it.each(money)("%s", (text, amount, vague) => {
    const r = parseMoney(text);
    expect(r).toEqual(vague ? { ok: true, kind: "money", amount, vague } : { ok: true, kind: "money", amount });
  });

  it.each([
    ["1억 6천만 주", 1.6e8],
    ["160M shares", 1.6e8],
  ])("%s is a count of shares, not money", (text, count) => {
    expect(parseMoney(text)).toEqual({ ok: true, kind: "shares", count });
  });

  it.each([
    ["6기가와트", 6],
    ["10GW", 10],
    ["10 GW", 10],
    ["500MW", 0.5],
  ])("%s is capacity, not money", (text, gw) => {
    expect(parseMoney(text)).toEqual({ ok: true, kind: "capacity", gw });
  });

  it("uses the caller's default currency only when the text names none", () => {
    expect(parseMoney("10억", { defaultCurrency: "USD" })).toMatchObject({ ok: true, amount: usd(1e9) });
    expect(parseMoney("100000000000", { defaultCurrency: "KRW" })).toMatchObject({ ok: true, amount: krw(1e11) });
    expect(parseMoney("10억 원", { defaultCurrency: "USD" })).toMatchObject({ ok: true, amount: krw(1e9) });
  });
});

describe("parseMoney refuses garbage with a message naming what is wrong", () => {
  const bad: [string, string, RegExp][] = [
    ["abc", "unknown_word", /"abc" is not a number, unit or currency/],
    ["12 bananas", "unknown_word", /"bananas" is not a number/],
    ["", "empty", /no amount given/],
    ["   ", "empty", /no amount given/],
    ["$", "no_number", /no number found in "\$"/],
    ["1억 달러 달러", "two_currencies", /currency is written twice/],
    ["10억", "no_currency", /no currency/],
    ["1만 2억 달러", "unit_order", /units out of order/],
    ["$7B–$5B", "bad_range", /high end must be above/],
    ["1,00억 달러", "bad_number", /"1,00" is not a well-formed number/],
    ["5 달러 7", "two_numbers", /two separate numbers/],
    ["10억 달러~20억 원", "mixed_currencies", /different currencies/],
    ["최대 약 10억 달러", "conflicting_qualifiers", /conflicting/],
  ];
  it.each(bad)("%j → %s", (text, code, message) => {
    const r = parseMoney(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.error).toMatch(message);
    expect(r.errorKo.length).toBeGreaterThan(0);
  });

  it.each([
    ["abc", '"abc"는 금액 표현이 아닙니다'],
    ["12 bananas", '"bananas"는 금액 표현이 아닙니다'],
    ["1,00억 달러", '"1,00"은 올바른 숫자가 아닙니다'],
    ["10억 달러 @", '"@"은(는) 금액 표현이 아닙니다'],
  ])("the Korean message for %j takes the particle of how the word is read", (text, ko) => {
    const r = parseMoney(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errorKo).toContain(ko);
  });
});

describe("formatMoney writes the house style of LANGUAGE.md", () => {
  const table: [Amount | null, string, string][] = [
    [usd(1e11), "1,000억 달러(약 145조 원)", "$100B"],
    [usd(5.375e9), "53억 7,500만 달러(약 7조 7,900억 원)", "$5.4B"],
    [usd(1.8e8), "1억 8,000만 달러(약 2,600억 원)", "$180M"],
    [usd(3e11), "3,000억 달러(약 435조 원)", "$300B"],
    [usd(1e11, "up_to"), "최대 1,000억 달러(약 145조 원)", "up to $100B"],
    [usd(3e8, "approx"), "약 3억 달러(약 4,400억 원)", "about $300M"],
    [usd(1e9, "at_least"), "10억 달러 이상(약 1조 4,500억 원)", "at least $1B"],
    [usd(1e10, "range", 1e11), "100억~1,000억 달러(약 15조~145조 원)", "$10B–$100B"],
    [usd(5e12, "range", 7e12), "5조~7조 달러(약 7,300조~1경 200조 원)", "$5T–$7T"],
    [usd(7.5e12), "7조 5,000억 달러(약 1경 900조 원)", "$7.5T"],
    [usd(5e9), "50억 달러(약 7조 2,500억 원)", "$5B"],
    [null, "금액 비공개", "undisclosed"],
    [krw(1.2e11), "1,200억 원(약 8,300만 달러)", "KRW 120B (about $83M)"],
  ];
  it.each(table)("%j → %s / %s", (amount, ko, en) => {
    expect(formatMoney(amount, "ko", { fx, on: "2026-02-05" })).toBe(ko);
    expect(formatMoney(amount, "en", { fx, on: "2026-02-05" })).toBe(en);
  });

  it("leaves the conversion out without a rate table or in the short style", () => {
    expect(formatMoney(usd(1e11), "ko")).toBe("1,000억 달러");
    expect(formatMoney(usd(1e11), "ko", { fx, style: "short" })).toBe("1,000억 달러");
    expect(formatMoney(krw(1.2e11), "en")).toBe("KRW 120B");
  });

  it("converts at the sample's own rate on the observation date", () => {
    const sample = JSON.parse(readFileSync(new URL("../../data/ai-deals.sample.json", import.meta.url), "utf8"));
    const table = new FxTable(fxRatesFromPairs(sample.fx));
    expect(formatMoney(usd(1e11, "up_to"), "ko", { fx: table, on: "2025-09-22" })).toBe(
      "최대 1,000억 달러(약 139조 원)",
    );
    expect(formatMoney(usd(1e11, "up_to"), "ko", { fx: table, on: "2026-02-04" })).toBe(
      "최대 1,000억 달러(약 145조 원)",
    );
  });

  it("formatUsd writes a plain total the same way", () => {
    expect(formatUsd(2e10, "ko", { fx })).toBe("200억 달러(약 29조 원)");
    expect(formatUsd(2e10, "en", { fx })).toBe("$20B");
    expect(formatUsd(1.2e11, "en")).toBe("$120B");
  });

  it("steps up a unit instead of writing $1,000M", () => {
    expect(formatUsd(999.97e6, "en")).toBe("$1B");
  });
});

describe("parse(format(x)) gives back x for amounts each language writes exactly", () => {
  const ko: Amount[] = [
    usd(1e11),
    usd(5.375e9),
    usd(1.8e8),
    usd(1e11, "up_to"),
    usd(3e8, "approx"),
    usd(1e9, "at_least"),
    usd(1e10, "range", 1e11),
    usd(5e12, "range", 7e12),
    krw(1.2e11),
    krw(139e12, "approx"),
    usd(2.5e9),
  ];
  const en: Amount[] = [
    usd(1e11),
    usd(5.4e9),
    usd(1.8e8),
    usd(1e11, "up_to"),
    usd(3e8, "approx"),
    usd(1e9, "at_least"),
    usd(1e10, "range", 1e11),
    usd(5e12, "range", 7e12),
    krw(1.2e11),
    usd(2.5e9),
    usd(5e9),
  ];
  const cases: [Lang, Amount][] = [
    ...ko.map((a): [Lang, Amount] => ["ko", a]),
    ...en.map((a): [Lang, Amount] => ["en", a]),
  ];
  it.each(cases)("%s %j", (lang, amount) => {
    const text = formatMoney(amount, lang, { fx });
    expect(parseMoney(text)).toMatchObject({ ok: true, kind: "money", amount });
  });
});

describe("a range the source called vague keeps its wording", () => {
  it.each([
    [usd(1e10, "range", 1e11), "수백억 달러 규모", "tens of billions of dollars"],
    [usd(1e9, "range", 1e10), "수십억 달러 규모", "several billion dollars"],
    [usd(1e8, "range", 1e9), "수억 달러 규모", "hundreds of millions of dollars"],
  ])("%j → %s / %s", (amount, ko, en) => {
    expect(formatMoney(amount, "ko", { vague: true, fx })).toBe(ko);
    expect(formatMoney(amount, "en", { vague: true })).toBe(en);
    expect(parseMoney(ko)).toMatchObject({ ok: true, amount });
  });

  it("writes the figures when the range is not one decade", () => {
    expect(formatMoney(usd(5e12, "range", 7e12), "ko", { vague: true })).toBe("5조~7조 달러");
  });
});
