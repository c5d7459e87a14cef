/** `dealgraph chart exposure|cycles …`: render a money-flow chart of the store's deals to a PNG file. */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { cycles, exposure } from "../analytics/index.js";
import { chartInfoFromGraph } from "../charts/chart-info.js";
import { renderCyclesChart, renderExposureChart } from "../charts/index.js";
import {
  COMPANY_HELP,
  CommonOptions,
  DB_HELP,
  guarded,
  help,
  MAX_LEN_HELP,
  parseOptions,
  problem,
  resolveCompany,
  THROUGH_HELP,
  withGraph,
} from "./cli-env.js";

const ChartOptions = CommonOptions.pick({ lang: true, includeCancelled: true, maxLen: true, db: true }).extend({
  out: z
    .string()
    .min(1)
    .refine(
      (p) => p.toLowerCase().endsWith(".png"),
      problem("--out에는 .png 파일 이름을 넣어 주세요.", "--out must name a .png file"),
    ),
});
type ChartOptions = z.infer<typeof ChartOptions>;

function chartOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--out <file>", help("PNG file to write", "저장할 PNG 파일"))
    .option(
      "--lang <lang>",
      help(
        "chart language: ko or en (default: DEFAULT_LANG, else ko)",
        "그림의 언어: ko 또는 en (기본값: DEFAULT_LANG, 없으면 ko)",
      ),
    )
    .option("--include-cancelled", help("draw cancelled deals too", "무산된 거래도 그리기"))
    .option("--max-len <n>", MAX_LEN_HELP())
    .option("--db <path>", DB_HELP());
}

function analyticsOptions(opts: ChartOptions): { includeCancelled: boolean; maxLen?: number } {
  return { includeCancelled: opts.includeCancelled ?? false, ...(opts.maxLen ? { maxLen: opts.maxLen } : {}) };
}

async function writePng(path: string, png: Uint8Array): Promise<void> {
  await writeFile(path, png);
  process.stdout.write(`${path} (${Math.round(png.byteLength / 1024)} KB)\n`);
}

/** Adds `chart exposure COMPANY` and `chart cycles [COMPANY]` to the CLI. */
export function registerChartCommand(program: Command): void {
  const chart = program
    .command("chart")
    .description(help("draw money flows as a PNG chart", "자금 흐름을 PNG 그림으로 그리기"));

  chartOptions(chart.command("exposure").argument("<company...>", `${COMPANY_HELP()} (엔비디아, NVDA, nvidia)`))
    .description(
      help(
        "a company's deals around it, the loops through it highlighted",
        "기업을 둘러싼 거래, 그 기업을 지나는 고리는 강조",
      ),
    )
    .action(
      guarded(async (words: string[], raw: unknown) => {
        const name = words.join(" ");
        const opts = parseOptions(ChartOptions, raw);
        await withGraph(opts, async ({ graph, resolver, lang }) => {
          const company = resolveCompany(resolver, name, lang);
          const result = exposure(graph, company.id, analyticsOptions(opts));
          const info = chartInfoFromGraph(graph, { company: company.id, cycles: result.cycles });
          await writePng(opts.out, renderExposureChart(result, info, lang));
        });
      }),
    );

  chartOptions(chart.command("cycles").argument("[company...]", THROUGH_HELP()))
    .description(
      help(
        "circular deals: companies on a ring, deals as arrows coloured by kind",
        "순환 거래: 원 위에 기업을, 거래를 종류별 색의 화살표로",
      ),
    )
    .action(
      guarded(async (words: string[], raw: unknown) => {
        const name = words.join(" ") || undefined;
        const opts = parseOptions(ChartOptions, raw);
        await withGraph(opts, async ({ graph, resolver, lang }) => {
          const company = name ? resolveCompany(resolver, name, lang) : undefined;
          const result = cycles(graph, { ...analyticsOptions(opts), ...(company ? { company: company.id } : {}) });
          const info = chartInfoFromGraph(graph, { cycles: result.cycles });
          await writePng(opts.out, renderCyclesChart(result, info, lang, company ? { company: company.id } : {}));
        });
      }),
    );
}
