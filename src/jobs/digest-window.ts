/**
 * When a digest falls due, in the channel's time zone. A window is one local date; its key is
 * that date (`YYYY-MM-DD`), so each window runs once whatever DST does to the clock:
 * a time skipped by spring-forward runs at the first instant after the gap (02:30 → 03:30 EDT),
 * and a time repeated by fall-back runs at its first occurrence only.
 */
import { DateTime } from "luxon";
import type { DigestSchedule, Weekday } from "../store/channel-repository.js";

const WEEKDAY_NUMBER: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

export interface DigestWindow {
  /** Local date of the window, `YYYY-MM-DD`. */
  key: string;
  /** The instant it falls due. */
  at: Date;
}

/** The instant `time` falls due on local date `date` (a luxon DateTime at start of that day in the zone). */
function dueOn(day: DateTime, time: string): DateTime {
  const [h, m] = time.split(":").map(Number) as [number, number];
  // Luxon moves a wall time inside a spring-forward gap forward by the gap. For a wall time that
  // fall-back repeats it may pick the later offset, so look for an earlier instant with the same wall time.
  const due = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: h, minute: m },
    { zone: day.zone },
  );
  for (const back of [60, 30]) {
    const earlier = due.minus({ minutes: back });
    if (earlier.hour === h && earlier.minute === m && earlier.day === day.day) return earlier;
  }
  return due;
}

/** The latest window of `schedule` that falls due at or before `now`, or null if none since it was set. */
export function latestWindow(
  schedule: Pick<DigestSchedule, "time" | "tz" | "day" | "setAt">,
  now: Date,
): DigestWindow | null {
  const local = DateTime.fromJSDate(now, { zone: schedule.tz });
  if (!local.isValid) return null;
  let day = local.startOf("day");
  // At most 8 days back finds the latest weekly window; daily finds it in 2.
  for (let i = 0; i < 8; i++, day = day.minus({ days: 1 }).startOf("day")) {
    if (schedule.day && day.weekday !== WEEKDAY_NUMBER[schedule.day]) continue;
    const due = dueOn(day, schedule.time);
    if (due.toMillis() > now.getTime()) continue;
    if (due.toMillis() < Date.parse(schedule.setAt)) return null;
    return { key: day.toISODate() as string, at: due.toJSDate() };
  }
  return null;
}

/** The next instant after `now` a window of `schedule` falls due (for logs and tests). */
export function nextWindow(schedule: Pick<DigestSchedule, "time" | "tz" | "day">, now: Date): DigestWindow {
  let day = DateTime.fromJSDate(now, { zone: schedule.tz }).startOf("day");
  for (let i = 0; i < 9; i++, day = day.plus({ days: 1 }).startOf("day")) {
    if (schedule.day && day.weekday !== WEEKDAY_NUMBER[schedule.day]) continue;
    const due = dueOn(day, schedule.time);
    if (due.toMillis() > now.getTime()) return { key: day.toISODate() as string, at: due.toJSDate() };
  }
  throw new Error("unreachable: a weekly schedule falls due within 8 days");
}
