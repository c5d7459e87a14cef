/** `dealgraph demo`: a short tour of the sample data — OpenAI's funding, Nvidia's exposure, the loops. */
import type { Command } from "commander";
import { CommonOptions, guarded, help, parseOptions, withCommonOptions, withGraph } from "./cli-env.js";
import { cyclesOutput, exposureOutput, fundingOutput } from "./query-commands.js";

const RULE = "─".repeat(48);

export function registerDemoCommand(program: Command): void {
  withCommonOptions(program.command("demo"))
    .description(
      help(
        "a short tour: funding of OpenAI, exposure of Nvidia, the circular deals",
        "짧은 둘러보기: 오픈AI의 투자 유치, 엔비디아의 노출, 순환 거래",
      ),
    )
    .action(
      guarded(async (raw: unknown) => {
        const o = parseOptions(CommonOptions, raw);
        const text = await withGraph(o, (s) => {
          const ko = s.lang === "ko";
          const step = (title: string, command: string, body: string) =>
            `${RULE}\n${title}  $ dealgraph ${command}\n${RULE}\n${body}`;
          const lang = `--lang ${s.lang}`;
          return [
            ko
              ? "dealgraph 둘러보기: AI 업계의 돈이 어디서 어디로 흐르는지 세 가지 질문으로 살펴봅니다."
              : "A dealgraph tour: where the AI market's money flows, in three questions.",
            step(
              ko ? "1. 오픈AI는 얼마를 유치했나" : "1. How much has OpenAI raised?",
              `funding openai ${lang}`,
              fundingOutput(s, "openai", o, false),
            ),
            step(
              ko ? "2. 엔비디아의 노출" : "2. Nvidia's exposure",
              `exposure nvidia ${lang}`,
              exposureOutput(s, "nvidia", o, false),
            ),
            step(
              ko ? "3. 순환 거래 고리" : "3. Circular deals",
              `cycles ${lang}`,
              cyclesOutput(s, undefined, o, false),
            ),
            ko
              ? "자세히: dealgraph <funding|exposure|cycles|deals> --help · 기계 판독용 출력은 --json"
              : "More: dealgraph <funding|exposure|cycles|deals> --help · machine-readable output with --json",
          ].join("\n\n");
        });
        process.stdout.write(`${text}\n`);
      }),
    );
}
