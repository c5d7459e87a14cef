import { z } from "zod";
import { defineCommand } from "../src/platforms/command.js";
import { answerBrief } from "./shared/answers.js";
import { langOption, sinceOption } from "./shared/options.js";

/** `/brief [lang] [since] [until]`: an on-demand digest of the events observed in the window (default: last 24 h). */
export const briefCommand = defineCommand({
  name: "brief",
  nameKo: "브리핑",
  description: {
    en: "A digest of recent deal news (default: last 24 h)",
    ko: "최근 거래 소식 브리핑(기본: 최근 24시간)",
  },
  options: [
    langOption,
    sinceOption,
    {
      name: "until",
      nameKo: "종료일",
      type: "date",
      description: { en: "Up to this date", ko: "이 날짜까지" },
    },
  ],
  schema: z.object({ since: z.string().optional(), until: z.string().optional() }),
  requiresChannelManager: false,
  handler: (args, ctx) => answerBrief(ctx, { since: args.since ?? null, until: args.until ?? null }),
});
