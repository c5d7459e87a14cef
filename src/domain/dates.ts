import { DateTime } from "luxon";
import { withParticle } from "./korean.js";
import type { Lang } from "./types.js";

export type DateStyle = "long" | "short" | "weekday";

const KO_WEEKDAYS = ["월", "화", "수", "목", "금", "토", "일"];
const EN_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A calendar date (YYYY-MM-DD) stays that day; a timestamp is shown in `tz`. */
function toDateTime(iso: string, tz: string): DateTime {
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(iso)
    ? DateTime.fromISO(iso, { zone: tz })
    : DateTime.fromISO(iso, { setZone: true }).setZone(tz);
  if (!dt.isValid) throw new RangeError(`not an ISO date: ${iso}`);
  return dt;
}

/**
 * `2026년 2월 4일` / `Feb 4, 2026` (long), `2월 4일` / `Feb 4` (short), `2026년 2월 5일(목)` /
 * `Thu, Feb 5, 2026` (weekday). Timestamps are shown in `tz` (default Asia/Seoul).
 */
export function formatDate(iso: string, lang: Lang, style: DateStyle = "long", tz = "Asia/Seoul"): string {
  const d = toDateTime(iso, tz);
  if (lang === "ko") {
    const short = `${d.month}월 ${d.day}일`;
    if (style === "short") return short;
    const long = `${d.year}년 ${short}`;
    return style === "weekday" ? `${long}(${KO_WEEKDAYS[d.weekday - 1]})` : long;
  }
  const short = `${EN_MONTHS[d.month - 1]} ${d.day}`;
  if (style === "short") return short;
  const long = `${short}, ${d.year}`;
  return style === "weekday" ? `${EN_WEEKDAYS[d.weekday - 1]}, ${long}` : long;
}

/**
 * A span of calendar days, each part written once: `2026년 11월 23~24일`, `2026년 9월 28일~10월 3일`,
 * `2025년 12월 30일~2026년 1월 2일`; `Nov 23–24, 2026`, `Sep 28 – Oct 3, 2026`, `Dec 30, 2025 – Jan 2, 2026`.
 * One day is just that day.
 */
export function formatDateRange(since: string, until: string, lang: Lang, tz = "Asia/Seoul"): string {
  const a = toDateTime(since, tz);
  const b = toDateTime(until, tz);
  if (a.hasSame(b, "day")) return formatDate(since, lang, "long", tz);
  const sameYear = a.year === b.year;
  const sameMonth = sameYear && a.month === b.month;
  if (lang === "ko") {
    if (sameMonth) return `${a.year}년 ${a.month}월 ${a.day}~${b.day}일`;
    if (sameYear) return `${a.year}년 ${a.month}월 ${a.day}일~${b.month}월 ${b.day}일`;
    return `${formatDate(since, lang, "long", tz)}~${formatDate(until, lang, "long", tz)}`;
  }
  if (sameMonth) return `${EN_MONTHS[a.month - 1]} ${a.day}–${b.day}, ${a.year}`;
  if (sameYear) return `${formatDate(since, lang, "short", tz)} – ${formatDate(until, lang, "short", tz)}, ${a.year}`;
  return `${formatDate(since, lang, "long", tz)} – ${formatDate(until, lang, "long", tz)}`;
}

/** Time of a timestamp in `tz`: Korean 24-hour `15:05`, English `3:05 PM`. */
export function formatTime(iso: string, lang: Lang, tz = "Asia/Seoul"): string {
  const d = toDateTime(iso, tz);
  return lang === "ko" ? d.toFormat("HH:mm") : d.toFormat("h:mm a");
}

/** Date and time: `2026년 2월 5일 15:05` / `Feb 5, 2026, 3:05 PM`. */
export function formatDateTime(iso: string, lang: Lang, tz = "Asia/Seoul"): string {
  return lang === "ko"
    ? `${formatDate(iso, lang, "long", tz)} ${formatTime(iso, lang, tz)}`
    : `${formatDate(iso, lang, "long", tz)}, ${formatTime(iso, lang, tz)}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in `tz`. */
export function dateIn(instant: Date | string, tz = "Asia/Seoul"): string {
  const dt = typeof instant === "string" ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant);
  return dt.setZone(tz).toISODate() ?? "";
}

/**
 * `date`: the calendar day (compare with observation dates); `instant`: the exact moment (ISO, UTC).
 * `errorKo` is a sentence about the text given: `“2025-13-01”은 달력에 없는 날짜입니다`.
 */
export type DateOption = { ok: true; date: string; instant: string } | { ok: false; error: string; errorKo: string };

export interface DateOptionContext {
  now?: Date;
  tz?: string;
}

/** A span back from now, `ago` / `전` optional: `7d`, `3 days ago`, `30일 전`, `2주`, `3mo`, `1년`. */
const RELATIVE: [RegExp, "hours" | "days" | "weeks" | "months" | "years"][] = [
  [/^(\d+)\s*(h|hr|hrs|hours?|시간)(\s*(ago|전))?$/i, "hours"],
  [/^(\d+)\s*(d|days?|일)(\s*(ago|전))?$/i, "days"],
  [/^(\d+)\s*(w|wk|weeks?|주)(\s*(ago|전))?$/i, "weeks"],
  [/^(\d+)\s*(mo|months?|개월|달)(\s*(ago|전))?$/i, "months"],
  [/^(\d{1,3})\s*(y|yr|years?|년)(\s*(ago|전))?$/i, "years"],
];

/** Spans said in words: `일주일`, `한 달`. */
const WORD_SPANS = new Map<string, { weeks?: number; months?: number; years?: number }>([
  ["일주일", { weeks: 1 }],
  ["한 주", { weeks: 1 }],
  ["한 달", { months: 1 }],
  ["한달", { months: 1 }],
  ["a week", { weeks: 1 }],
  ["a month", { months: 1 }],
  ["a year", { years: 1 }],
]);

const thisWeek = (n: DateTime) => n.startOf("week");
const lastWeek = (n: DateTime) => n.minus({ weeks: 1 }).startOf("week");
const thisMonth = (n: DateTime) => n.startOf("month");
const lastMonth = (n: DateTime) => n.minus({ months: 1 }).startOf("month");
const thisYear = (n: DateTime) => n.startOf("year");
const lastYear = (n: DateTime) => n.minus({ years: 1 }).startOf("year");
const today = (n: DateTime) => n.startOf("day");
const yesterday = (n: DateTime) => n.minus({ days: 1 }).startOf("day");

/** The first day of a calendar period counted from now: `오늘`, `이번 주` (Monday), `지난달`, `올해`. */
const PERIOD_STARTS = new Map<string, (now: DateTime) => DateTime>([
  ["today", today],
  ["오늘", today],
  ["yesterday", yesterday],
  ["어제", yesterday],
  ["this week", thisWeek],
  ["이번 주", thisWeek],
  ["이번주", thisWeek],
  ["last week", lastWeek],
  ["지난 주", lastWeek],
  ["지난주", lastWeek],
  ["this month", thisMonth],
  ["이번 달", thisMonth],
  ["이번달", thisMonth],
  ["last month", lastMonth],
  ["지난 달", lastMonth],
  ["지난달", lastMonth],
  ["this year", thisYear],
  ["올해", thisYear],
  ["last year", lastYear],
  ["작년", lastYear],
]);

/** English month-and-day forms: `Nov 1`, `November 1, 2025`, `1 Nov 2025`. */
const ENGLISH_DAYS = ["LLL d", "LLLL d", "LLL d, yyyy", "LLLL d, yyyy", "LLL d yyyy", "d LLL yyyy", "d LLLL yyyy"];

/**
 * Reads a user's date option: `2025-01-01`, `2025.1.1`, `2025/1/1`, `2025년 1월 1일`, a month (`2025-11`,
 * `2025년 11월`) or a year (`2025`) from its first day, a day without its year (`11월 1일`, `Nov 1`: the latest
 * one), `today`/`오늘`, `yesterday`/`어제`, a period's start (`이번 주`, `지난달`, `last week`, `올해`), or a span
 * back from now: `7d`, `24h`, `2w`, `3mo`, `7일`, `30일 전`, `3 days ago`, `일주일`, `한 달`.
 */
export function parseDateOption(text: string, ctx: DateOptionContext = {}): DateOption {
  const tz = ctx.tz ?? "Asia/Seoul";
  const now = DateTime.fromJSDate(ctx.now ?? new Date()).setZone(tz);
  const s = text.normalize("NFKC").trim().replace(/\.$/, "");
  const bad = (en: string, ko: string): DateOption => ({
    ok: false,
    error: `${en}: "${text}"`,
    errorKo: `${withParticle(`“${text}”`, "은/는")} ${ko}`,
  });
  if (s === "") return { ok: false, error: "no date given", errorKo: "날짜가 비어 있습니다" };
  const at = (dt: DateTime): DateOption => ({
    ok: true,
    date: dt.toISODate() as string,
    instant: dt.toUTC().toISO() as string,
  });

  const low = s.toLowerCase().replace(/\s+/g, " ");
  const words = WORD_SPANS.get(low);
  if (words) return at(now.minus(words));
  const period = PERIOD_STARTS.get(low);
  if (period) return at(period(now));
  const year = /^(\d{4})\s*년?$/.exec(s);
  if (year) return at(DateTime.fromObject({ year: Number(year[1]) }, { zone: tz }));
  const month = /^(\d{4})\s*(?:[-./]|년)\s*(\d{1,2})\s*월?$/.exec(s);
  if (month) {
    const dt = DateTime.fromObject({ year: Number(month[1]), month: Number(month[2]) }, { zone: tz });
    return dt.isValid ? at(dt) : bad("no such month in the calendar", "달력에 없는 달입니다");
  }
  const dayOnly = /^(\d{1,2})\s*월\s*(\d{1,2})\s*일?$/.exec(s);
  if (dayOnly) return latestOn(Number(dayOnly[1]), Number(dayOnly[2]), now, at, bad);
  for (const format of ENGLISH_DAYS) {
    const dt = DateTime.fromFormat(s, format, { zone: tz, locale: "en" });
    if (!dt.isValid) continue;
    return format.includes("yyyy") ? at(dt) : latestOn(dt.month, dt.day, now, at, bad);
  }
  for (const [re, unit] of RELATIVE) {
    const m = re.exec(s);
    if (m) {
      const n = Number(m[1]);
      if (n <= 0 || n > 100_000) return bad("the span must be a positive number", "0보다 긴 기간이어야 합니다");
      return at(now.minus({ [unit]: n }));
    }
  }
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s) ??
    /^(\d{4})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{1,2})$/.exec(s) ??
    /^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$/.exec(s);
  if (!m) {
    return bad(
      "not a date; write 2025-01-01, 2025년 1월 1일, Nov 1, last week, or a span such as 7d or 24h",
      "날짜 형식이 아닙니다. 2025-01-01, 2025년 1월 1일, 11월 1일, 지난주 또는 7d, 24h처럼 써 주세요",
    );
  }
  const dt = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone: tz });
  if (!dt.isValid) return bad("no such day in the calendar", "달력에 없는 날짜입니다");
  return at(dt);
}

/** A month and day without a year: the latest such day on or before today (`11월 1일` on Dec 2 is Nov 1). */
function latestOn(
  month: number,
  day: number,
  now: DateTime,
  at: (dt: DateTime) => DateOption,
  bad: (en: string, ko: string) => DateOption,
): DateOption {
  // Feb 29 is found in the latest leap year; any other day in this year or the last.
  for (let year = now.year; year > now.year - 8; year--) {
    const dt = DateTime.fromObject({ year, month, day }, { zone: now.zone });
    if (dt.isValid && dt <= now) return at(dt);
  }
  return bad("no such day in the calendar", "달력에 없는 날짜입니다");
}
