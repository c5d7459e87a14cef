/**
 * `dealgraph import FILE...`: each file validated whole, then applied in its own transaction — or nothing
 * of it written. Files go in the order given; the first with problems stops the run.
 */
import type { Command } from "commander";
import { z } from "zod";
import { withParticle } from "../domain/korean.js";
import type { Lang } from "../domain/types.js";
import { LANGS } from "../domain/types.js";
import { type ImportSummary, importFiles } from "../import/index.js";
import { CliUserError, guarded, langOf, openCliStore, parseOptions, printJson } from "./cli-env.js";

const ImportOptions = z.object({
  lang: z.enum(LANGS, { error: "--lang must be ko or en" }).optional(),
  json: z.boolean().optional(),
  db: z.string().min(1).optional(),
  allowImplausible: z.boolean().optional(),
});

export function importSummaryText(file: string, s: ImportSummary, lang: Lang): string {
  const n = (v: number) => v.toLocaleString("en-US");
  const e = s.events;
  const events = e.deal_added + e.amount_changed + e.status_changed + e.source_added;
  if (lang === "ko") {
    return [
      `${file} 가져오기 완료`,
      `관측 신규 ${n(s.observations.new)}건 (중복 ${n(s.observations.duplicate)}건, 현재보다 과거 보도 ${n(s.observations.older)}건)`,
      `이벤트 ${n(events)}건: 신규 거래 ${n(e.deal_added)}, 금액 변경 ${n(e.amount_changed)}, 상태 변경 ${n(e.status_changed)}, 출처 추가 ${n(e.source_added)}`,
      `기업 추가 ${n(s.companies.added)}곳, 갱신 ${n(s.companies.updated)}곳 · 환율 ${n(s.fx)}건`,
    ].join("\n");
  }
  const of = (v: number, one: string, many: string) => `${n(v)} ${v === 1 ? one : many}`;
  return [
    `Imported ${file}`,
    `${of(s.observations.new, "new observation", "new observations")} (${of(s.observations.duplicate, "duplicate", "duplicates")}, ${n(s.observations.older)} older than the current state)`,
    `${of(events, "event", "events")}: ${of(e.deal_added, "deal added", "deals added")}, ${of(e.amount_changed, "amount changed", "amounts changed")}, ${of(e.status_changed, "status change", "status changes")}, ${of(e.source_added, "source added", "sources added")}`,
    `${of(s.companies.added, "company added", "companies added")}, ${n(s.companies.updated)} updated · ${of(s.fx, "FX rate", "FX rates")}`,
  ].join("\n");
}

/** Adds `import FILE...` to the CLI. Problems go to stderr, every one of them, and the exit code is 1. */
export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .argument("<files...>", "dealgraph/v1 JSON, NDJSON or CSV, imported in the order given")
    .description("import deal observations, companies and FX rates (each file all or nothing)")
    .option("--allow-implausible", "accept single deals above USD 10 trillion")
    .option("--lang <lang>", "ko or en (default: DEFAULT_LANG, else ko)")
    .option("--json", "print the summary as JSON (a list when several files are given)")
    .option(
      "--db <path>",
      "SQLite file (default: DEALGRAPH_DB, else ./data/dealgraph.db; DATABASE_URL selects PostgreSQL)",
    )
    .action(
      guarded(async (files: string[], raw: unknown) => {
        const o = parseOptions(ImportOptions, raw);
        const lang = langOf(o);
        const store = await openCliStore(o);
        try {
          // Each file's summary is printed once it is committed, so a long run shows its progress.
          const outcomes = await importFiles(store, files, {
            allowImplausible: o.allowImplausible ?? false,
            onOutcome: (outcome) => {
              if (outcome.ok && !o.json)
                process.stdout.write(`${importSummaryText(outcome.file, outcome.summary, lang)}\n`);
            },
          });
          const imported: { file: string; summary: ImportSummary }[] = [];
          for (const outcome of outcomes) {
            if (outcome.ok) {
              imported.push(outcome);
              continue;
            }
            for (const p of outcome.problems) process.stderr.write(`${p}\n`);
            throw new CliUserError(
              notImported(outcome.file, outcome.problems.length, files.length - imported.length - 1, lang),
            );
          }
          if (o.json) printJson(files.length === 1 ? imported[0]?.summary : imported);
        } finally {
          await store.close();
        }
      }),
    );
}

function notImported(file: string, problems: number, skipped: number, lang: Lang): string {
  if (lang === "ko") {
    const rest = skipped > 0 ? ` 뒤의 파일 ${skipped}개도 가져오지 않았습니다.` : "";
    return `문제 ${problems}건으로 ${withParticle(file, "을/를")} 가져오지 않았습니다. 이 파일에서는 아무것도 기록되지 않았습니다.${rest}`;
  }
  const rest =
    skipped > 0
      ? ` The ${skipped} file${skipped === 1 ? "" : "s"} after it ${skipped === 1 ? "was" : "were"} not imported either.`
      : "";
  return `${file} was not imported: ${problems} problem${problems === 1 ? "" : "s"}; nothing was written from it.${rest}`;
}
