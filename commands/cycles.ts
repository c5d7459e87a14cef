import { z } from "zod";
import { defineCommand } from "../src/platforms/command.js";
import { answerCycles } from "./shared/answers.js";
import { companyArg, companyOption, langOption } from "./shared/options.js";

/** `/cycles [company] [max_len]`: circular deal loops. */
export const cyclesCommand = defineCommand({
  name: "cycles",
  nameKo: "순환거래",
  description: { en: "Circular deal loops (money going round)", ko: "순환 거래 고리" },
  options: [
    companyOption(false, { en: "Only loops through this company", ko: "이 기업을 지나는 고리만" }),
    {
      name: "max_len",
      nameKo: "최대길이",
      type: "integer",
      min: 2,
      max: 6,
      description: { en: "Longest loop to look for (2–6, default 4)", ko: "찾을 고리의 최대 길이(2~6, 기본 4)" },
    },
    langOption,
  ],
  schema: z.object({ company: companyArg.optional(), max_len: z.number().int().min(2).max(6).optional() }),
  requiresChannelManager: false,
  handler: (args, ctx) => answerCycles(ctx, { company: args.company?.id ?? null, maxLen: args.max_len ?? 4 }),
});
