import { z } from "zod";
import { escapeInline } from "../src/briefing/sanitize.js";
import { formatUsd } from "../src/domain/money.js";
import { defineCommand } from "../src/platforms/command.js";
import { getChannel } from "../src/store/channel-repository.js";
import { listSubscriptions } from "../src/store/subscription-repository.js";
import { alertKindsText } from "./shared/kinds.js";
import { langOption } from "./shared/options.js";
import { textMessage } from "./shared/run.js";
import { digestLine } from "./shared/schedule.js";

/** `/subscriptions`: this channel's alert subscriptions, and its digest schedule. */
export const subscriptionsCommand = defineCommand({
  name: "subscriptions",
  nameKo: "구독목록",
  description: {
    en: "This channel's company alerts and digest schedule",
    ko: "이 채널의 기업 알림 목록과 정기 브리핑 설정",
  },
  options: [langOption],
  schema: z.object({}),
  requiresChannelManager: false,
  ephemeral: true,
  handler: async (_args, ctx) => {
    const lang = ctx.lang;
    const subs = await listSubscriptions(ctx.store.db, ctx.channel.key);
    const schedule = digestLine((await getChannel(ctx.store.db, ctx.channel.key))?.digest ?? null, lang);
    if (subs.length === 0) {
      return textMessage(
        lang === "ko"
          ? "이 채널에는 구독 중인 기업 알림이 없습니다. `/subscribe 엔비디아`처럼 추가하세요."
          : "This channel has no company alerts. Add one with `/subscribe Nvidia`.",
        { context: schedule },
      );
    }
    const items = subs.map((s) => {
      const name = `**${escapeInline(ctx.resolver.name(s.company, lang))}**`;
      const kinds = alertKindsText(s.kinds, s.exposureUsd, lang);
      const min = s.minUsd
        ? lang === "ko"
          ? ` · ${formatUsd(s.minUsd, lang)} 이상`
          : ` · ${formatUsd(s.minUsd, lang)}+`
        : "";
      return `${name} — ${kinds}${min}`;
    });
    const title =
      lang === "ko" ? `구독 중인 기업 알림 ${subs.length}건` : `Company alerts in this channel: ${subs.length}`;
    return {
      summary: title,
      blocks: [
        { type: "list", title, items },
        { type: "context", text: schedule },
      ],
      ephemeral: true,
    };
  },
});
