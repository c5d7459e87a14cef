import { z } from "zod";
import { DEAL_STATUSES } from "../src/domain/types.js";
import { defineCommand } from "../src/platforms/command.js";
import { answerFunding } from "./shared/answers.js";
import { STATUS_LABELS } from "./shared/labels.js";
import { companyArg, companyOption, langOption, sinceOption } from "./shared/options.js";

/** `/funding company [since] [status]`: total funding received, by status and investor. */
export const fundingCommand = defineCommand({
  name: "funding",
  nameKo: "투자유치",
  description: {
    en: "Total funding a company received, by status and investor",
    ko: "기업의 투자 유치 총액(상태별·투자자별)",
  },
  options: [
    companyOption(true),
    sinceOption,
    {
      name: "status",
      nameKo: "상태",
      type: "choice",
      description: { en: "Only deals in this status", ko: "이 상태의 거래만" },
      choices: DEAL_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
    },
    langOption,
  ],
  schema: z.object({ company: companyArg, since: z.string().optional(), status: z.enum(DEAL_STATUSES).optional() }),
  requiresChannelManager: false,
  handler: (args, ctx) =>
    answerFunding(ctx, args.company.id, { since: args.since ?? null, statuses: args.status ? [args.status] : null }),
});
