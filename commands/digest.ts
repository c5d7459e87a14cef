import { z } from "zod";
import { escapeInline } from "../src/briefing/sanitize.js";
import { withParticle } from "../src/domain/korean.js";
import { resolveTimeZone } from "../src/domain/time-zones.js";
import { defineCommand, UserError } from "../src/platforms/command.js";
import { getChannel, setChannelLang, setDigestSchedule, WEEKDAYS } from "../src/store/channel-repository.js";
import { langOption } from "./shared/options.js";
import { textMessage } from "./shared/run.js";
import { DAY_WORDS, scheduleText } from "./shared/schedule.js";

const OFF = new Set(["off", "stop", "끄기", "중지", "해제"]);
const CLOCK = /^(\d{1,2}):(\d{2})$/;

/** Back to a digest every day (a weekly one has `day:mon` … `day:sun`). */
const DAILY = "daily";

/**
 * `/digest time:08:00 tz:Asia/Seoul lang:ko [day:mon]` sets the channel's digest; `/digest off` stops it.
 * Options left out of a change keep the channel's current schedule (`/digest 09:00` moves a weekly New York
 * digest to 09:00 and leaves it weekly, in New York).
 */
export const digestCommand = defineCommand({
  name: "digest",
  nameKo: "정기브리핑",
  description: {
    en: "Set this channel's daily (or weekly) digest, or turn it off",
    ko: "이 채널의 정기 브리핑 시간 설정·해제",
  },
  options: [
    {
      name: "time",
      nameKo: "시각",
      type: "string",
      required: true,
      placeholder: "08:00|off",
      description: { en: "HH:MM (24-hour), or off", ko: "HH:MM(24시간제) 또는 off" },
      accepts: (text) => CLOCK.test(text) || OFF.has(text.toLowerCase()),
    },
    {
      name: "tz",
      nameKo: "시간대",
      type: "string",
      placeholder: "Asia/Seoul",
      accepts: (text) => resolveTimeZone(text) !== null,
      description: {
        en: "Time zone, e.g. Asia/Seoul, America/New_York, KST, ET",
        ko: "시간대(예: Asia/Seoul, KST, 뉴욕)",
      },
    },
    langOption,
    {
      name: "day",
      nameKo: "요일",
      type: "choice",
      description: {
        en: "Weekly on this day, or daily (default: every day)",
        ko: "매주 이 요일에만, 또는 매일(기본: 매일)",
      },
      choices: [
        ...WEEKDAYS.map((d) => ({ value: d, label: DAY_WORDS[d] })),
        { value: DAILY, label: { en: "Every day", ko: "매일" } },
      ],
    },
    {
      name: "empty",
      nameKo: "빈날알림",
      type: "choice",
      description: {
        en: "On a day without news: post a one-liner, or nothing",
        ko: "소식 없는 날: 한 줄 안내 또는 생략",
      },
      choices: [
        { value: "notice", label: { en: "One-line notice", ko: "한 줄 안내" } },
        { value: "skip", label: { en: "Post nothing", ko: "보내지 않음" } },
      ],
    },
  ],
  schema: z.object({
    time: z.string(),
    tz: z.string().optional(),
    lang: z.enum(["ko", "en"]).optional(),
    day: z.enum([...WEEKDAYS, DAILY]).optional(),
    empty: z.enum(["notice", "skip"]).optional(),
  }),
  requiresChannelManager: true,
  handler: async (args, ctx) => {
    const lang = ctx.lang;
    const db = ctx.store.db;
    if (OFF.has(args.time.trim().toLowerCase())) {
      await setDigestSchedule(db, ctx.channel.key, null);
      return textMessage(lang === "ko" ? "이 채널의 정기 브리핑을 껐습니다." : "This channel's digest is off.", {
        ephemeral: false,
      });
    }
    const m = CLOCK.exec(args.time.trim());
    const hh = Number(m?.[1]);
    const mm = Number(m?.[2]);
    if (!m || hh > 23 || mm > 59) {
      throw new UserError({
        en: "`time` must be HH:MM in 24-hour form (e.g. 08:00), or off.",
        ko: "`time`에는 24시간제 HH:MM(예: 08:00) 또는 off를 넣어 주세요.",
      });
    }
    const time = `${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}`;
    const channel = await getChannel(db, ctx.channel.key);
    const current = channel?.digest ?? null;
    const typed = args.tz?.trim() || current?.tz || ctx.config.defaultTz;
    const tz = resolveTimeZone(typed);
    if (!tz) {
      const shown = escapeInline(typed);
      throw new UserError({
        en: `Unknown time zone “${shown}”; use a name such as Asia/Seoul or America/New_York, or KST, ET, PT.`,
        ko: `${withParticle(`“${shown}”`, "은/는")} 알 수 없는 시간대입니다. Asia/Seoul, America/New_York처럼 쓰거나 KST, 뉴욕, 서울처럼 입력하세요.`,
      });
    }
    const schedule = {
      time,
      tz,
      lang: args.lang ?? current?.lang ?? channel?.lang ?? lang,
      day: args.day === undefined ? (current?.day ?? null) : args.day === DAILY ? null : args.day,
      emptyNotice: args.empty === undefined ? (current?.emptyNotice ?? false) : args.empty === "notice",
    };
    await setDigestSchedule(db, ctx.channel.key, schedule);
    if (args.lang) await setChannelLang(db, ctx.channel.key, args.lang);
    const what = scheduleText(schedule, lang);
    const text =
      lang === "ko"
        ? `정기 브리핑을 ${current ? "바꿨습니다" : "설정했습니다"}: ${what}.`
        : `Digest ${current ? "changed" : "set"}: ${what}.`;
    return textMessage(text, { ephemeral: false });
  },
});
