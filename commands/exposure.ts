import { z } from "zod";
import { defineCommand } from "../src/platforms/command.js";
import { answerExposure } from "./shared/answers.js";
import { companyArg, companyOption, langOption } from "./shared/options.js";

/** `/exposure company`: flows by counterparty, loops through it, circular exposure, concentration. */
export const exposureCommand = defineCommand({
  name: "exposure",
  nameKo: "익스포저",
  description: {
    en: "A company's money flows, circular deals and concentration",
    ko: "기업의 자금 흐름·순환 거래·집중도",
  },
  options: [companyOption(true), langOption],
  schema: z.object({ company: companyArg }),
  requiresChannelManager: false,
  handler: (args, ctx) => answerExposure(ctx, args.company.id),
});
