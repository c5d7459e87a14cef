/**
 * What every CLI subcommand shares: its common options (zod-checked), the store they name, the deal
 * graph, company look-up with suggestions, and one way to fail (a user error: one line, exit 1).
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { config as loadDotenv } from "dotenv";
import { z } from "zod";
import { type DealGraph, loadGraph } from "../analytics/deal-graph.js";
import { DEFAULT_MAX_LEN, LONGEST_MAX_LEN } from "../analytics/filter.js";
import type { AnswerContext } from "../briefing/answers.js";
import { CompanyResolver } from "../domain/company-resolver.js";
import { parseDateOption } from "../domain/dates.js";
import { type Company, LANGS, type Lang } from "../domain/types.js";
import { PACKAGE_ROOT } from "../package-root.js";
import { openStore, type Store } from "../store/db.js";
import { seedIfEmpty } from "../store/seed.js";

/** A mistake the user can fix: printed as is on stderr, exit code 1. */
export class CliUserError extends Error {
  override name = "CliUserError";
}

/** A date as the slash commands take it (`2026-01-31`, `2026년 1월 31일`, `7d`, `어제`), as YYYY-MM-DD. */
export const dateOption = z.string().transform((text, ctx) => {
  const d = parseDateOption(text, { tz: cliEnv().DEFAULT_TZ ?? "Asia/Seoul" });
  if (d.ok) return d.date;
  ctx.addIssue({ code: "custom", message: say(d.errorKo, d.error) });
  return z.NEVER;
});

/** An option that takes one of `values`; a wrong value is named back with the list. */
export function oneOf<const T extends readonly [string, ...string[]]>(flag: string, values: T) {
  const list = values.join(", ");
  return z.enum(values, problem(`${flag}에는 ${list} 가운데 하나를 넣어 주세요.`, `${flag} must be one of ${list}`));
}

/** An option that takes a whole number from `min` (to `max`); anything else gets one sentence saying so. */
export function wholeNumber(flag: string, min: number, max?: number) {
  const p =
    max === undefined
      ? problem(`${flag}에는 ${min} 이상의 정수를 넣어 주세요.`, `${flag} must be a whole number, at least ${min}`)
      : problem(
          `${flag}에는 ${min}~${max} 사이의 정수를 넣어 주세요.`,
          `${flag} must be a whole number from ${min} to ${max}`,
        );
  const n = z.coerce.number(p).int(p).min(min, p);
  return max === undefined ? n : n.max(max, p);
}

export const CommonOptions = z.object({
  lang: z.enum(LANGS, problem("--lang에는 ko 또는 en을 넣어 주세요.", "--lang must be ko or en")).optional(),
  json: z.boolean().optional(),
  includeCancelled: z.boolean().optional(),
  maxLen: wholeNumber("--max-len", 2, LONGEST_MAX_LEN).optional(),
  since: dateOption.optional(),
  db: z.string().min(1).optional(),
});
export type CommonOptions = z.infer<typeof CommonOptions>;

/** Help text in the language of this run (`--lang`, else DEFAULT_LANG, else Korean). */
export function help(en: string, ko: string): string {
  return cliLang() === "ko" ? ko : en;
}

export const LANG_HELP = () =>
  help("ko or en (default: DEFAULT_LANG, else ko)", "ko 또는 en (기본값: DEFAULT_LANG, 없으면 ko)");
export const DB_HELP = () =>
  help(
    "SQLite file (default: DEALGRAPH_DB, else ./data/dealgraph.db; DATABASE_URL selects PostgreSQL)",
    "SQLite 파일 (기본값: DEALGRAPH_DB, 없으면 ./data/dealgraph.db. DATABASE_URL을 주면 PostgreSQL)",
  );
export const MAX_LEN_HELP = () =>
  help(
    `longest loop, in deals (2–${LONGEST_MAX_LEN}, default ${DEFAULT_MAX_LEN})`,
    `가장 긴 고리의 거래 수 (2–${LONGEST_MAX_LEN}, 기본값 ${DEFAULT_MAX_LEN})`,
  );
export const JSON_HELP = () => help("machine-readable output", "기계가 읽는 JSON으로 출력");
export const COMPANY_HELP = () => help("company name, alias or id", "기업 이름·별칭·ID");
export const THROUGH_HELP = () => help("only the loops through this company", "이 기업을 지나는 고리만");

/** Adds the options every query command takes. */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      "--lang <lang>",
      help(
        "answer language: ko or en (default: DEFAULT_LANG, else ko)",
        "답의 언어: ko 또는 en (기본값: DEFAULT_LANG, 없으면 ko)",
      ),
    )
    .option("--json", JSON_HELP())
    .option("--include-cancelled", help("count cancelled deals too", "무산된 거래도 포함해 집계"))
    .option("--max-len <n>", MAX_LEN_HELP())
    .option(
      "--since <date>",
      help(
        "only deals whose current state was reported on or after this date (2026-01-31, 2026년 1월 31일, 7d)",
        "현재 상태가 이날 이후(당일 포함)에 보도된 거래만 (2026-01-31, 2026년 1월 31일, 7d)",
      ),
    )
    .option("--db <path>", DB_HELP());
}

/** Parses raw options with `schema`; the first problem becomes a user error. */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  speaking = givenOrDefaultLang((raw as { lang?: unknown } | null)?.lang);
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const msg = issue?.message ?? say("옵션이 잘못됐습니다.", "invalid options");
  const flag = `--${issue?.path.map((k) => String(k).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(".") ?? "option"}`;
  throw new CliUserError(msg.startsWith("--") ? msg : `${flag}: ${msg}`);
}

const Env = z.object({
  DEALGRAPH_DB: z.string().trim().min(1).optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional(),
  DEFAULT_LANG: z.enum(LANGS, { error: "DEFAULT_LANG must be ko or en" }).optional(),
  DEFAULT_TZ: z.string().trim().min(1).optional(),
  DEALGRAPH_SAMPLE: z.string().trim().min(1).optional(),
});
export type CliEnv = z.infer<typeof Env>;

let env: CliEnv | null = null;

/** The environment (after `.env`), validated once; empty values count as unset. */
export function cliEnv(): CliEnv {
  if (env) return env;
  loadDotenv({ quiet: true });
  const raw = Object.fromEntries(Object.keys(Env.shape).map((k) => [k, process.env[k]?.trim() || undefined]));
  const r = Env.safeParse(raw);
  if (!r.success) throw new CliUserError(r.error.issues[0]?.message ?? "invalid environment");
  env = r.data;
  return env;
}

export function langOf(opts: { lang?: Lang | undefined }): Lang {
  return opts.lang ?? cliEnv().DEFAULT_LANG ?? "ko";
}

/**
 * The language of this command line, for what it says before its options are parsed or when they are
 * wrong: `--lang` if it names one, else DEFAULT_LANG, else Korean — the answer's language, as `langOf`.
 */
export function cliLang(argv: readonly string[] = process.argv): Lang {
  const at = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  if (at < 0) return givenOrDefaultLang(undefined);
  const flag = argv[at] ?? "";
  return givenOrDefaultLang(flag.startsWith("--lang=") ? flag.slice("--lang=".length) : argv[at + 1]);
}

/** `given` if it names a language, else DEFAULT_LANG, else Korean (also when the environment is invalid). */
function givenOrDefaultLang(given: unknown): Lang {
  const named = LANGS.find((l) => l === given);
  if (named) return named;
  try {
    return cliEnv().DEFAULT_LANG ?? "ko";
  } catch {
    return "ko";
  }
}

/** The language of the options being checked, set by `parseOptions`. */
let speaking: Lang | null = null;

/** `ko` or `en`, as the command line speaks: its `--lang`, else DEFAULT_LANG, else Korean. */
export function say(ko: string, en: string): string {
  return (speaking ?? cliLang()) === "ko" ? ko : en;
}

/** A zod error option whose message is in the command line's language (chosen when the check fails). */
export function problem(ko: string, en: string): { error: () => string } {
  return { error: () => say(ko, en) };
}

/** `--db` wins; else DATABASE_URL (PostgreSQL); else DEALGRAPH_DB; else ./data/dealgraph.db. */
export function openCliStore(opts: { db?: string | undefined }): Promise<Store> {
  const e = cliEnv();
  if (opts.db) return openStore({ dbPath: opts.db });
  if (e.DATABASE_URL) return openStore({ databaseUrl: e.DATABASE_URL });
  return openStore({ dbPath: e.DEALGRAPH_DB ?? "./data/dealgraph.db" });
}

export function samplePath(): string {
  return resolve(cliEnv().DEALGRAPH_SAMPLE ?? resolve(PACKAGE_ROOT, "data/ai-deals.sample.json"));
}

export interface QuerySession {
  store: Store;
  graph: DealGraph;
  resolver: CompanyResolver;
  lang: Lang;
  answerContext: AnswerContext;
}

/** Opens the store (seeding an empty one with the sample dataset), loads the graph, runs `fn`, closes. */
export async function withGraph<T>(opts: CommonOptions, fn: (s: QuerySession) => Promise<T> | T): Promise<T> {
  const lang = langOf(opts);
  const store = await openCliStore(opts);
  try {
    await seedIfEmpty(store, samplePath());
    const graph = await loadGraph(store);
    const resolver = new CompanyResolver(graph.companies);
    const answerContext: AnswerContext = {
      lang,
      names: (id) => resolver.get(id)?.name ?? { en: id, ko: id },
      fx: graph.fx,
      tz: cliEnv().DEFAULT_TZ ?? "Asia/Seoul",
    };
    return await fn({ store, graph, resolver, lang, answerContext });
  } finally {
    await store.close();
  }
}

/** The company `text` names, or a user error listing the closest names. */
export function resolveCompany(resolver: CompanyResolver, text: string, lang: Lang): Company {
  const r = resolver.resolve(text);
  if (r.ok) return r.company;
  const names = r.suggestions.map((c) => `${c.name[lang] || c.name.en} (${c.id})`).join(", ");
  if (lang === "ko") {
    throw new CliUserError(
      `“${text}”에 해당하는 기업을 찾지 못했습니다.${names ? ` 혹시 이 기업인가요? ${names}` : ""}`,
    );
  }
  throw new CliUserError(`No company matches “${text}”.${names ? ` Did you mean: ${names}?` : ""}`);
}

/** Wraps an action: user errors print one line and exit 1; anything else prints and exits 2. */
export function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (err instanceof CliUserError) {
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      process.stderr.write(`dealgraph: ${say("내부 오류", "internal error")}: ${detail}\n`);
      process.exitCode = 2;
    }
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
