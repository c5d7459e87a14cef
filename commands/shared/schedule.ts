/** How a channel's digest schedule reads back to its users: `매주 월요일 08:00 (Asia/Seoul), 한국어`. */
import { escapeInline } from "../../src/briefing/sanitize.js";
import type { Lang } from "../../src/domain/types.js";
import type { DigestSchedule, Weekday } from "../../src/store/channel-repository.js";

export const DAY_WORDS: Record<Weekday, { en: string; ko: string }> = {
  mon: { en: "Monday", ko: "월요일" },
  tue: { en: "Tuesday", ko: "화요일" },
  wed: { en: "Wednesday", ko: "수요일" },
  thu: { en: "Thursday", ko: "목요일" },
  fri: { en: "Friday", ko: "금요일" },
  sat: { en: "Saturday", ko: "토요일" },
  sun: { en: "Sunday", ko: "일요일" },
};

const LANG_WORDS: Record<Lang, Record<Lang, string>> = {
  ko: { ko: "한국어", en: "영어" },
  en: { ko: "Korean", en: "English" },
};

/**
 * `매일 08:00 (Asia/Seoul), 한국어` / `every day at 08:00 (Asia/Seoul), in Korean`, in `lang`; a channel that
 * asked for a one-liner on days without news is told so. Inline markup: the time zone (`America/Port_of_Spain`)
 * is escaped.
 */
export function scheduleText(
  s: Pick<DigestSchedule, "time" | "tz" | "lang" | "day"> & { emptyNotice?: boolean },
  lang: Lang,
): string {
  const language = LANG_WORDS[lang][s.lang];
  if (lang === "ko") {
    const when = s.day ? `매주 ${DAY_WORDS[s.day].ko}` : "매일";
    const quiet = s.emptyNotice ? ", 소식 없는 날에도 한 줄 안내" : "";
    return `${when} ${s.time} (${escapeInline(s.tz)}), ${language}${quiet}`;
  }
  const when = s.day ? `every ${DAY_WORDS[s.day].en}` : "every day";
  const quiet = s.emptyNotice ? ", with a one-line notice on days without news" : "";
  return `${when} at ${s.time} (${escapeInline(s.tz)}), in ${language}${quiet}`;
}

/** The schedule line of `/subscriptions`; with no digest, how to turn one on. */
export function digestLine(s: Parameters<typeof scheduleText>[0] | null, lang: Lang): string {
  if (lang === "ko")
    return s ? `정기 브리핑: ${scheduleText(s, lang)}` : "정기 브리핑: 꺼짐 (`/digest 08:00`으로 켤 수 있습니다)";
  return s ? `Digest: ${scheduleText(s, lang)}` : "Digest: off (turn it on with `/digest 08:00`)";
}
