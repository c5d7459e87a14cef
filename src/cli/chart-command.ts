/** `dealgraph chart exposure|cycles …`: render a money-flow chart of the store's deals to a PNG file. */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { DEFAULT_MAX_LEN, LONGEST_MAX_LEN } from "../analytics/filter.js";
import { cycles, exposure } from "../analytics/index.js";
import { chartInfoFromGraph } from "../charts/chart-info.js";
import { renderCyclesChart, renderExposureChart } from "../charts/index.js";
import { CommonOptions, guarded, parseOptions, problem, resolveCompany, withGraph } from "./cli-env.js";

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
    .requiredOption("--out <file>", "PNG file to write")
    .option("--lang <lang>", "chart language: ko or en (default: DEFAULT_LANG, else ko)")
    .option("--include-cancelled", "draw cancelled deals too")
    .option("--max-len <n>", `longest loop, in deals (2–${LONGEST_MAX_LEN}, default ${DEFAULT_MAX_LEN})`)
    .option(
      "--db <path>",
      "SQLite file (default: DEALGRAPH_DB, else ./data/dealgraph.db; DATABASE_URL selects PostgreSQL)",
    );
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
  const chart = program.command("chart").description("draw money flows as a PNG chart");

  chartOptions(chart.command("exposure").argument("<company...>", "company name, alias or id (엔비디아, NVDA, nvidia)"))
    .description("a company's deals around it, the loops through it highlighted")
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

  chartOptions(chart.command("cycles").argument("[company...]", "only the loops through this company"))
    .description("circular deals: companies on a ring, deals as arrows coloured by kind")
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
