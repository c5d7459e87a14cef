/** `dealgraph chart exposure|cycles …`: render a money-flow chart of the store's deals to a PNG file. */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { cycles, exposure, loadGraph } from "../analytics/index.js";
import type { DealGraph } from "../analytics/deal-graph.js";
import { chartInfoFromGraph } from "../charts/chart-info.js";
import { renderCyclesChart, renderExposureChart } from "../charts/index.js";
import { loadConfig } from "../config.js";
import { CompanyResolver } from "../domain/company-resolver.js";
import { LANGS, type Company, type Lang } from "../domain/types.js";
import { openStore } from "../store/db.js";
import { seedIfEmpty } from "../store/seed.js";

const OptionsSchema = z.object({
  out: z
    .string()
    .min(1)
    .refine((p) => p.toLowerCase().endsWith(".png"), "must name a .png file"),
  lang: z.enum(LANGS).optional(),
  db: z.string().min(1).optional(),
  includeCancelled: z.boolean().optional(),
  maxLen: z.coerce.number().int().min(2).max(8).optional(),
});
type ChartOptions = z.infer<typeof OptionsSchema>;

/** A mistake the user can fix; printed as one line, exit code 1. */
class ChartUsageError extends Error {}

function parseOptions(raw: unknown): ChartOptions {
  const parsed = OptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    throw new ChartUsageError(issue ? `${field ? `--${field}: ` : ""}${issue.message}` : "invalid options");
  }
  return parsed.data;
}

function resolveCompany(graph: DealGraph, text: string, lang: Lang): Company {
  const found = new CompanyResolver(graph.companies).resolve(text);
  if (found.ok) return found.company;
  const names = found.suggestions.map((c) => c.name[lang]).join(", ");
  throw new ChartUsageError(
    lang === "ko"
      ? `'${text}'에 해당하는 기업을 찾지 못했습니다.${names ? ` 비슷한 기업: ${names}` : ""}`
      : `No company matches "${text}".${names ? ` Did you mean: ${names}?` : ""}`,
  );
}

async function withGraph(opts: ChartOptions, run: (graph: DealGraph, lang: Lang) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const lang = opts.lang ?? config.defaultLang;
  const store = await openStore(
    opts.db || !config.databaseUrl ? { dbPath: opts.db ?? config.dbPath } : { databaseUrl: config.databaseUrl },
  );
  try {
    await seedIfEmpty(store, config.samplePath);
    await run(await loadGraph(store), lang);
  } finally {
    await store.close();
  }
}

async function writePng(path: string, png: Uint8Array): Promise<void> {
  await writeFile(path, png);
  console.log(`${path} (${Math.round(png.byteLength / 1024)} KB)`);
}

/** Runs an action, turning usage errors into one line on stderr and exit code 1. */
function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (!(err instanceof ChartUsageError)) throw err;
      console.error(err.message);
      process.exitCode = 1;
    }
  };
}

function commonOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--out <file>", "PNG file to write")
    .option("--lang <lang>", "ko or en (default: DEFAULT_LANG)")
    .option("--db <path>", "SQLite store (default: DEALGRAPH_DB, or DATABASE_URL when set)")
    .option("--include-cancelled", "keep cancelled deals")
    .option("--max-len <n>", "longest loop in deals (default 4)");
}

/** Adds `chart exposure COMPANY` and `chart cycles [COMPANY]` to the CLI. */
export function registerChartCommand(program: Command): void {
  const chart = program.command("chart").description("render a money-flow chart (PNG)");

  commonOptions(chart.command("exposure").argument("<company>", "company name, alias or id (엔비디아, NVDA, nvidia)"))
    .description("a company's money flows with the loops through it highlighted")
    .action(
      guarded(async (text: string, raw: unknown) => {
        const opts = parseOptions(raw);
        await withGraph(opts, async (graph, lang) => {
          const company = resolveCompany(graph, text, lang);
          const result = exposure(graph, company.id, {
            includeCancelled: opts.includeCancelled ?? false,
            ...(opts.maxLen ? { maxLen: opts.maxLen } : {}),
          });
          const info = chartInfoFromGraph(graph, { company: company.id, cycles: result.cycles });
          await writePng(opts.out, renderExposureChart(result, info, lang));
        });
      }),
    );

  commonOptions(chart.command("cycles").argument("[company]", "only the loops through this company"))
    .description("circular deals: companies on a ring, deals as arrows coloured by kind")
    .action(
      guarded(async (text: string | undefined, raw: unknown) => {
        const opts = parseOptions(raw);
        await withGraph(opts, async (graph, lang) => {
          const company = text ? resolveCompany(graph, text, lang) : undefined;
          const result = cycles(graph, {
            includeCancelled: opts.includeCancelled ?? false,
            ...(opts.maxLen ? { maxLen: opts.maxLen } : {}),
            ...(company ? { company: company.id } : {}),
          });
          const info = chartInfoFromGraph(graph, { cycles: result.cycles });
          await writePng(opts.out, renderCyclesChart(result, info, lang, company ? { company: company.id } : {}));
        });
      }),
    );
}
