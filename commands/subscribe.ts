import { z } from "zod";
import { escapeInline } from "../src/briefing/sanitize.js";
import { FxTable } from "../src/domain/fx.js";
import { formatUsd } from "../src/domain/money.js";
import { defineCommand } from "../src/platforms/command.js";
import { listFxRates } from "../src/store/fx-repository.js";
import { addSubscription } from "../src/store/subscription-repository.js";
import { alertKindsText, isKindsText, parseKinds } from "./shared/kinds.js";
import { companyArg, companyOption, langOption } from "./shared/options.js";
import { textMessage } from "./shared/run.js";

/** `/subscribe company [min_amount] [kinds]`: alerts in this channel for deals involving the company. */
export const subscribeCommand = defineCommand({
  name: "subscribe",
  nameKo: "구독",
  description: { en: "Alert this channel about a company's deals", ko: "이 채널에 기업 거래 알림 받기" },
  options: [
    companyOption(true),
    {
      name: "min_amount",
      nameKo: "최소금액",
      type: "money",
      description: {
        en: "Only deals of at least this size ($1B, 10억 달러)",
        ko: "이 금액 이상 거래만 ($1B, 10억 달러)",
      },
    },
    {
      name: "kinds",
      nameKo: "종류",
      type: "string",
      placeholder: "new,revised,status,loops,exposure:$5B",
      accepts: isKindsText,
      description: {
        en: "new, revised, status, loops, exposure:$5B (default: new, revised, status)",
        ko: "new, revised, status, loops, exposure:$5B (기본: new, revised, status)",
      },
    },
    langOption,
  ],
  schema: z.object({ company: companyArg, min_amount: z.number().positive().optional(), kinds: z.string().optional() }),
  requiresChannelManager: true,
  ephemeral: false,
  handler: async (args, ctx) => {
    const fx = new FxTable(await listFxRates(ctx.store.db));
    const parsed = args.kinds ? parseKinds(args.kinds, fx, ctx.now.toISOString().slice(0, 10)) : parseKinds("", fx, "");
    await addSubscription(ctx.store.db, {
      channel: ctx.channel.key,
      company: args.company.id,
      minUsd: args.min_amount ?? null,
      kinds: parsed.kinds,
      ...(parsed.exposureUsd !== null ? { exposureUsd: parsed.exposureUsd } : {}),
    });
    const lang = ctx.lang;
    const name = `**${escapeInline(args.company.name[lang] || args.company.name.en)}**`;
    const kinds = alertKindsText(parsed.kinds, parsed.exposureUsd, lang);
    const min = args.min_amount ? formatUsd(args.min_amount, lang) : null;
    const text =
      lang === "ko"
        ? `이 채널에서 ${name} 관련 거래 알림을 받습니다. 종류: ${kinds}${min ? ` · ${min} 이상` : ""}`
        : `This channel will get alerts on ${name} deals: ${kinds}${min ? ` · ${min} and above` : ""}.`;
    return textMessage(text, { ephemeral: false });
  },
});
