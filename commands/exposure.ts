import { z } from "zod";
import { buildExposureSvg, chartInfoFromGraph } from "../src/charts/index.js";
import { defineCommand } from "../src/platforms/command.js";
import { withPicture } from "./cycles.js";
import { answerExposure } from "./shared/answers.js";
import { companyArg, companyOption, langOption } from "./shared/options.js";

/** `/exposure company`: flows by counterparty, loops through it, circular exposure, concentration — and its picture. */
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
  handler: async (args, ctx) => {
    const id = args.company.id;
    const { message, result } = await answerExposure(ctx, id);
    if (result.counterparties.length === 0) return message;
    return withPicture(
      message,
      `exposure-${id}.png`,
      () => buildExposureSvg(result, chartInfoFromGraph(ctx.graph, { company: id, cycles: result.cycles }), ctx.lang),
      { command: "exposure", company: id },
    );
  },
});
