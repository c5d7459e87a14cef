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

const RELATIVE: [RegExp, "hours" | "days" | "weeks" | "months"][] = [
  [/^(\d+)\s*(h|hr|hrs|hours?|시간)$/i, "hours"],
  [/^(\d+)\s*(d|days?|일)$/i, "days"],
  [/^(\d+)\s*(w|wk|weeks?|주)$/i, "weeks"],
  [/^(\d+)\s*(mo|months?|개월|달)$/i, "months"],
];

/**
 * Reads a user's date option: `2025-01-01`, `2025.1.1`, `2025/1/1`, `2025년 1월 1일`, `today`/`오늘`,
 * `yesterday`/`어제`, or a span back from now: `7d`, `24h`, `2w`, `3mo`, `7일`, `24시간`.
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

  const low = s.toLowerCase();
  if (low === "today" || s === "오늘") return at(now.startOf("day"));
  if (low === "yesterday" || s === "어제") return at(now.minus({ days: 1 }).startOf("day"));
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
      "not a date; write 2025-01-01, 2025.1.1, 2025년 1월 1일, or a span such as 7d or 24h",
      "날짜 형식이 아닙니다. 2025-01-01, 2025.1.1, 2025년 1월 1일 또는 7d, 24h처럼 써 주세요",
    );
  }
  const dt = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone: tz });
  if (!dt.isValid) return bad("no such day in the calendar", "달력에 없는 날짜입니다");
  return at(dt);
}
