/**
 * `dealgraph import FILE...`: each file validated whole, then applied in its own transaction — or nothing
 * of it written. Files go in the order given; the first with problems stops the run.
 */
import type { Command } from "commander";
import { z } from "zod";
import { withParticle } from "../domain/korean.js";
import { groupDigits } from "../domain/money.js";
import type { Lang } from "../domain/types.js";
import { type ImportSummary, importFiles } from "../import/index.js";
import {
  CliUserError,
  CommonOptions,
  DB_HELP,
  guarded,
  help,
  LANG_HELP,
  langOf,
  openCliStore,
  parseOptions,
  printJson,
} from "./cli-env.js";

const ImportOptions = z.object({
  lang: CommonOptions.shape.lang,
  json: z.boolean().optional(),
  db: z.string().min(1).optional(),
  allowImplausible: z.boolean().optional(),
});

/** A committed file's summary: only the lines that have something to say, or that nothing was new. */
export function importSummaryText(file: string, s: ImportSummary, lang: Lang): string {
  const n = groupDigits;
  const o = s.observations;
  const e = s.events;
  const seen = o.new + o.duplicate + o.older;
  const events = e.deal_added + e.amount_changed + e.status_changed + e.source_added;
  const references = s.companies.added + s.companies.updated + s.fx;
  const ko = lang === "ko";
  const lines = [ko ? `${file} 가져오기 완료` : `Imported ${file}`];
  const of = (v: number, one: string, many: string) => `${n(v)} ${v === 1 ? one : many}`;
  if (o.new > 0 || o.older > 0) {
    lines.push(
      ko
        ? `새 관측 ${n(o.new)}건(중복 ${n(o.duplicate)}건, 현재 상태보다 오래된 보도 ${n(o.older)}건)`
        : `${of(o.new, "new observation", "new observations")} (${of(o.duplicate, "duplicate", "duplicates")}, ${n(o.older)} older than the current state)`,
      ko
        ? `이벤트 ${n(events)}건: 신규 거래 ${n(e.deal_added)}건, 금액 변경 ${n(e.amount_changed)}건, 상태 변경 ${n(e.status_changed)}건, 출처 추가 ${n(e.source_added)}건`
        : `${of(events, "event", "events")}: ${of(e.deal_added, "deal added", "deals added")}, ${of(e.amount_changed, "amount changed", "amounts changed")}, ${of(e.status_changed, "status change", "status changes")}, ${of(e.source_added, "source added", "sources added")}`,
    );
  }
  if (references > 0) {
    const fx = s.fx > 0 ? (ko ? ` · 환율 ${n(s.fx)}건` : ` · ${of(s.fx, "FX rate", "FX rates")}`) : "";
    lines.push(
      ko
        ? `기업 ${n(s.companies.added)}곳 추가, ${n(s.companies.updated)}곳 갱신${fx}`
        : `${of(s.companies.added, "company added", "companies added")}, ${n(s.companies.updated)} updated${fx}`,
    );
  }
  if (lines.length === 1 && seen === 0) lines.push(ko ? "새로 기록된 내용이 없습니다." : "Nothing new.");
  else if (lines.length === 1) {
    lines.push(
      ko
        ? `새로 기록된 내용이 없습니다. 관측 ${n(seen)}건 모두 이미 저장돼 있습니다.`
        : `Nothing new: ${seen === 1 ? "the observation was" : `all ${n(seen)} observations were`} already in the store.`,
    );
  }
  return lines.join("\n");
}

/** Adds `import FILE...` to the CLI. Problems go to stderr, every one of them, and the exit code is 1. */
export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .argument(
      "<files...>",
      help(
        "dealgraph/v1 JSON, NDJSON or CSV, imported in the order given",
        "dealgraph/v1 JSON·NDJSON·CSV 파일, 적은 순서대로",
      ),
    )
    .description(
      help(
        "import deal observations, companies and FX rates (each file all or nothing)",
        "거래 관측·기업·환율 가져오기 (파일마다 전부 반영하거나 전혀 반영하지 않음)",
      ),
    )
    .option(
      "--allow-implausible",
      help("accept single deals above USD 10 trillion", "10조 달러가 넘는 단일 거래도 허용"),
    )
    .option("--lang <lang>", LANG_HELP())
    .option(
      "--json",
      help(
        "print the summary as JSON (a list when several files are given)",
        "요약을 JSON으로 출력 (파일이 여럿이면 목록으로)",
      ),
    )
    .option("--db <path>", DB_HELP())
    .action(
      guarded(async (files: string[], raw: unknown) => {
        const o = parseOptions(ImportOptions, raw);
        const lang = langOf(o);
        const store = await openCliStore(o);
        try {
          // Each file's summary is printed once it is committed, so a long run shows its progress.
          const outcomes = await importFiles(store, files, {
            allowImplausible: o.allowImplausible ?? false,
            lang,
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
