import { z } from "zod";
import { escapeInline } from "../src/briefing/sanitize.js";
import { defineCommand } from "../src/platforms/command.js";
import { removeSubscription } from "../src/store/subscription-repository.js";
import { companyArg, companyOption, langOption } from "./shared/options.js";
import { textMessage } from "./shared/run.js";

/** `/unsubscribe company`: stops this channel's alerts for the company. */
export const unsubscribeCommand = defineCommand({
  name: "unsubscribe",
  nameKo: "구독취소",
  description: { en: "Stop this channel's alerts for a company", ko: "이 채널의 기업 알림 끄기" },
  options: [companyOption(true), langOption],
  schema: z.object({ company: companyArg }),
  requiresChannelManager: true,
  handler: async (args, ctx) => {
    const removed = await removeSubscription(ctx.store.db, ctx.channel.key, args.company.id);
    const lang = ctx.lang;
    const name = `**${escapeInline(args.company.name[lang] || args.company.name.en)}**`;
    const text = removed
      ? lang === "ko"
        ? `${name} 알림을 껐습니다.`
        : `Alerts on ${name} are off for this channel.`
      : lang === "ko"
        ? `이 채널은 ${name} 알림을 구독하고 있지 않습니다.`
        : `This channel has no alerts on ${name}.`;
    return textMessage(text, { ephemeral: false });
  },
});
