import { describe, expect, it } from "vitest";
import {
  dateIn,
  formatDate,
  formatDateRange,
  formatDateTime,
  formatTime,
  parseDateOption,
} from "../../src/domain/dates.js";

describe("formatDate writes dates as each language's press does", () => {
  it.each([
    ["2026-02-04", "long", "2026년 2월 4일", "Feb 4, 2026"],
    ["2026-02-04", "short", "2월 4일", "Feb 4"],
    ["2026-02-05", "weekday", "2026년 2월 5일(목)", "Thu, Feb 5, 2026"],
    ["2025-12-31", "weekday", "2025년 12월 31일(수)", "Wed, Dec 31, 2025"],
  ] as const)("%s %s → %s / %s", (iso, style, ko, en) => {
    expect(formatDate(iso, "ko", style)).toBe(ko);
    expect(formatDate(iso, "en", style)).toBe(en);
  });

  it("shows a timestamp on the day it was in the channel's time zone", () => {
    expect(formatDate("2026-02-04T20:00:00Z", "ko", "long", "Asia/Seoul")).toBe("2026년 2월 5일");
    expect(formatDate("2026-02-04T20:00:00Z", "en", "long", "America/New_York")).toBe("Feb 4, 2026");
  });

  it("keeps a calendar date on its day whatever the time zone", () => {
    expect(formatDate("2026-02-04", "en", "short", "America/Los_Angeles")).toBe("Feb 4");
  });

  it("shows times on a 24-hour clock in Korean and with AM/PM in English", () => {
    expect(formatTime("2026-02-05T06:05:00Z", "ko", "Asia/Seoul")).toBe("15:05");
    expect(formatTime("2026-02-05T06:05:00Z", "en", "Asia/Seoul")).toBe("3:05 PM");
    expect(formatDateTime("2026-02-05T06:05:00Z", "ko")).toBe("2026년 2월 5일 15:05");
  });

  it("dateIn gives the local calendar day of an instant", () => {
    expect(dateIn("2026-02-04T16:00:00Z", "Asia/Seoul")).toBe("2026-02-05");
    expect(dateIn(new Date("2026-02-04T16:00:00Z"), "UTC")).toBe("2026-02-04");
  });
});

describe("formatDateRange writes a span without repeating its year or month", () => {
  it.each([
    ["2026-11-23", "2026-11-24", "2026년 11월 23~24일", "Nov 23–24, 2026"],
    ["2025-09-28", "2025-10-03", "2025년 9월 28일~10월 3일", "Sep 28 – Oct 3, 2025"],
    ["2025-12-30", "2026-01-02", "2025년 12월 30일~2026년 1월 2일", "Dec 30, 2025 – Jan 2, 2026"],
    ["2026-02-04", "2026-02-04", "2026년 2월 4일", "Feb 4, 2026"],
  ])("%s to %s", (since, until, ko, en) => {
    expect(formatDateRange(since, until, "ko")).toBe(ko);
    expect(formatDateRange(since, until, "en")).toBe(en);
  });
});

describe("parseDateOption reads the dates users type", () => {
  const now = new Date("2026-02-05T03:00:00Z"); // 12:00 in Seoul
  it.each([
    ["2025-01-01", "2025-01-01"],
    ["2025.1.1", "2025-01-01"],
    ["2025. 1. 1.", "2025-01-01"],
    ["2025/01/31", "2025-01-31"],
    ["2025년 1월 1일", "2025-01-01"],
    ["2025년1월1일", "2025-01-01"],
    ["7d", "2026-01-29"],
    ["7일", "2026-01-29"],
    ["2w", "2026-01-22"],
    ["오늘", "2026-02-05"],
    ["yesterday", "2026-02-04"],
    // spans said as people say them
    ["30일 전", "2026-01-06"],
    ["3 days ago", "2026-02-02"],
    ["일주일", "2026-01-29"],
    ["한 달", "2026-01-05"],
    ["1년", "2025-02-05"],
    // a period from its first day (weeks start on Monday; 2026-02-05 is a Thursday)
    ["이번 주", "2026-02-02"],
    ["지난주", "2026-01-26"],
    ["last month", "2026-01-01"],
    ["올해", "2026-01-01"],
    ["2025년 11월", "2025-11-01"],
    ["2025-11", "2025-11-01"],
    ["2025", "2025-01-01"],
    // a day without its year is the latest such day
    ["1월 14일", "2026-01-14"],
    ["11월 1일", "2025-11-01"],
    ["Nov 1", "2025-11-01"],
    ["February 4, 2026", "2026-02-04"],
    ["2월 29일", "2024-02-29"],
  ])("%s → %s", (text, date) => {
    expect(parseDateOption(text, { now, tz: "Asia/Seoul" })).toMatchObject({ ok: true, date });
  });

  it("24h means the exact moment a day ago", () => {
    expect(parseDateOption("24h", { now, tz: "Asia/Seoul" })).toEqual({
      ok: true,
      date: "2026-02-04",
      instant: "2026-02-04T03:00:00.000Z",
    });
  });

  it.each([
    ["", /no date given/],
    ["next tuesday", /not a date/],
    ["2025-02-30", /no such day/],
    ["2025-13-01", /no such day/],
    ["2025-13", /no such month/],
    ["2월 30일", /no such day/],
    ["0d", /positive/],
    ["constructor", /not a date/],
  ])("%j is refused with a clear message", (text, message) => {
    const r = parseDateOption(text, { now });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      expect(r.errorKo).toContain(text);
    }
  });
});
