import { z } from "zod";
import { DEFAULT_MAX_LEN, LONGEST_MAX_LEN } from "../src/analytics/filter.js";
import type { Attachment, NeutralMessage } from "../src/briefing/message.js";
import { buildCyclesSvg, chartInfoFromGraph, renderPngAsync } from "../src/charts/index.js";
import { createLogger, type Logger } from "../src/log.js";
import { defineCommand } from "../src/platforms/command.js";
import { answerCycles } from "./shared/answers.js";
import { companyArg, companyOption, langOption } from "./shared/options.js";

let chartLog: Logger | null = null;

/**
 * The answer with its PNG picture to follow: drawn (off the event loop) only when the platform asks,
 * after the text is ready, so the picture never delays the answer. When drawing fails the answer stands
 * alone and the failure is logged (to stderr: the console prints answers on stdout).
 */
export function withPicture(
  message: NeutralMessage,
  filename: string,
  svg: () => string,
  what: Record<string, unknown>,
): NeutralMessage {
  const pictures = async (): Promise<Attachment[]> => {
    try {
      return [{ filename, contentType: "image/png", data: await renderPngAsync(svg()) }];
    } catch (err) {
      chartLog ??= createLogger({ name: "dealgraph-charts", destination: process.stderr });
      chartLog.warn({ err, ...what }, "could not draw the picture; answering without it");
      return [];
    }
  };
  return { ...message, pictures };
}

/** `/cycles [company] [max_len]`: circular deal loops, with the picture of the loops. */
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
      max: LONGEST_MAX_LEN,
      description: {
        en: `Longest loop to look for (2–${LONGEST_MAX_LEN}, default ${DEFAULT_MAX_LEN})`,
        ko: `찾을 고리의 최대 길이(2~${LONGEST_MAX_LEN}, 기본 ${DEFAULT_MAX_LEN})`,
      },
    },
    langOption,
  ],
  schema: z.object({
    company: companyArg.optional(),
    max_len: z.number().int().min(2).max(LONGEST_MAX_LEN).optional(),
  }),
  requiresChannelManager: false,
  handler: async (args, ctx) => {
    const company = args.company?.id ?? null;
    const maxLen = args.max_len ?? DEFAULT_MAX_LEN;
    const { message, result } = await answerCycles(ctx, { company, maxLen });
    if (result.cycles.length === 0) return message;
    return withPicture(
      message,
      company ? `loops-${company}.png` : "loops.png",
      () =>
        buildCyclesSvg(
          result,
          chartInfoFromGraph(ctx.graph, { cycles: result.cycles }),
          ctx.lang,
          company ? { company } : {},
        ),
      { command: "cycles", company },
    );
  },
});
