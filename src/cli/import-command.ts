/** `dealgraph import FILE`: validate the whole file, then apply it in one transaction — or write nothing. */
import type { Command } from "commander";
import { z } from "zod";
import type { Lang } from "../domain/types.js";
import { applyImport, type ImportSummary, parseImportFile } from "../import/index.js";
import { CliUserError, guarded, langOf, openCliStore, parseOptions, printJson } from "./cli-env.js";
import { LANGS } from "../domain/types.js";

const ImportOptions = z.object({
  lang: z.enum(LANGS, { error: "--lang must be ko or en" }).optional(),
  json: z.boolean().optional(),
  db: z.string().min(1).optional(),
  allowImplausible: z.boolean().optional(),
});

export function importSummaryText(file: string, s: ImportSummary, lang: Lang): string {
  const e = s.events;
  const events = e.deal_added + e.amount_changed + e.status_changed + e.source_added;
  if (lang === "ko") {
    return [
      `${file} 가져오기 완료`,
      `관측 신규 ${s.observations.new}건 (중복 ${s.observations.duplicate}건, 현재보다 과거 보도 ${s.observations.older}건)`,
      `이벤트 ${events}건: 신규 거래 ${e.deal_added}, 금액 변경 ${e.amount_changed}, 상태 변경 ${e.status_changed}, 출처 추가 ${e.source_added}`,
      `기업 추가 ${s.companies.added}곳, 갱신 ${s.companies.updated}곳 · 환율 ${s.fx}건`,
    ].join("\n");
  }
  return [
    `Imported ${file}`,
    `${s.observations.new} new observations (${s.observations.duplicate} duplicates, ${s.observations.older} older than the current state)`,
    `${events} events: ${e.deal_added} deals added, ${e.amount_changed} amounts changed, ${e.status_changed} status changes, ${e.source_added} sources added`,
    `${s.companies.added} companies added, ${s.companies.updated} updated · ${s.fx} FX rates`,
  ].join("\n");
}

/** Adds `import FILE` to the CLI. Problems go to stderr, every one of them, and the exit code is 1. */
export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .argument("<file>", "dealgraph/v1 JSON, NDJSON or CSV")
    .description("import deal observations, companies and FX rates (all or nothing)")
    .option("--allow-implausible", "accept single deals above USD 10 trillion")
    .option("--lang <lang>", "ko or en (default: DEFAULT_LANG, else ko)")
    .option("--json", "print the summary as JSON")
    .option("--db <path>", "SQLite file (default: DEALGRAPH_DB, else ./data/dealgraph.db; DATABASE_URL selects PostgreSQL)")
    .action(
      guarded(async (file: string, raw: unknown) => {
        const o = parseOptions(ImportOptions, raw);
        const lang = langOf(o);
        const store = await openCliStore(o);
        try {
          const parsed = await parseImportFile(file, { store, allowImplausible: o.allowImplausible ?? false });
          if (!parsed.ok) {
            for (const p of parsed.problems) process.stderr.write(`${p}\n`);
            const n = parsed.problems.length;
            throw new CliUserError(
              lang === "ko"
                ? `문제 ${n}건으로 ${file}을(를) 가져오지 않았습니다. 아무것도 기록되지 않았습니다.`
                : `${file} was not imported: ${n} problem${n === 1 ? "" : "s"}; nothing was written.`,
            );
          }
          const summary = await applyImport(store, parsed.data);
          if (o.json) printJson(summary);
          else process.stdout.write(`${importSummaryText(file, summary, lang)}\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
