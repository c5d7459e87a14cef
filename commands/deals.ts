import { z } from "zod";
import { DEAL_KINDS } from "../src/domain/types.js";
import { defineCommand } from "../src/platforms/command.js";
import { answerDeals } from "./shared/answers.js";
import { KIND_LABELS } from "./shared/labels.js";
import { companyArg, companyOption, langOption, sinceOption } from "./shared/options.js";

/** `/deals [company] [since] [kind]`: recent deals, newest first. */
export const dealsCommand = defineCommand({
  name: "deals",
  nameKo: "거래",
  description: { en: "Recent deals, newest first", ko: "최근 거래(최신순)" },
  options: [
    companyOption(false, { en: "Only deals involving this company", ko: "이 기업이 관련된 거래만" }),
    sinceOption,
    {
      name: "kind",
      nameKo: "유형",
      type: "choice",
      description: { en: "Only deals of this kind", ko: "이 유형의 거래만" },
      choices: DEAL_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
    },
    langOption,
  ],
  schema: z.object({
    company: companyArg.optional(),
    since: z.string().optional(),
    kind: z.enum(DEAL_KINDS).optional(),
  }),
  requiresChannelManager: false,
  handler: (args, ctx) =>
    answerDeals(ctx, { company: args.company?.id ?? null, since: args.since ?? null, kind: args.kind ?? null }),
});
