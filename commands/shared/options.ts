/**
 * Turning raw option values (typed text, Discord option values) into typed arguments. Every
 * problem a user can fix becomes a `UserError` in the asker's language.
 */
import { z } from "zod";
import { escapeInline } from "../../src/briefing/sanitize.js";
import type { CompanyResolver } from "../../src/domain/company-resolver.js";
import { parseDateOption } from "../../src/domain/dates.js";
import type { FxTable } from "../../src/domain/fx.js";
import { withParticle } from "../../src/domain/korean.js";
import { parseMoney } from "../../src/domain/money.js";
import type { Company, Lang } from "../../src/domain/types.js";
import {
  type CommandArgs,
  type CommandDefinition,
  type CommandOption,
  type Localized,
  UserError,
} from "../../src/platforms/command.js";
import { usageLine } from "../../src/platforms/command-text.js";

export type RawArgs = Record<string, string | number | boolean | undefined>;

export interface ConvertContext {
  resolver: CompanyResolver;
  lang: Lang;
  now: Date;
  tz: string;
  /** Loaded only when a money option is present (it needs the stored FX rates). */
  fx: () => Promise<FxTable>;
}

type BareContext = Pick<ConvertContext, "resolver" | "now" | "tz">;

/** The `lang` option every command accepts. */
export const langOption: CommandOption = {
  name: "lang",
  nameKo: "언어",
  type: "choice",
  description: { en: "Answer language", ko: "답변 언어" },
  choices: [
    { value: "ko", label: { en: "Korean", ko: "한국어" } },
    { value: "en", label: { en: "English", ko: "영어" } },
  ],
};

export function companyOption(required: boolean, description?: Localized): CommandOption {
  return {
    name: "company",
    nameKo: "기업",
    type: "company",
    required,
    description: description ?? {
      en: "Company name or alias (English or Korean)",
      ko: "기업 이름 또는 별칭(한글·영문)",
    },
  };
}

export const sinceOption: CommandOption = {
  name: "since",
  nameKo: "시작일",
  type: "date",
  description: { en: "From this date (2025-01-01, 7d, 24h)", ko: "이 날짜부터 (2025-01-01, 7d, 24h)" },
};

/** Resolves a company name, or a UserError naming the closest matches. */
export function resolveCompany(resolver: CompanyResolver, text: string): Company {
  const r = resolver.resolve(text);
  if (r.ok) return r.company;
  const shown = escapeInline(text);
  throw new UserError(
    { en: `No company called “${shown}” in the deal data.`, ko: `“${shown}”에 해당하는 기업을 찾지 못했습니다.` },
    { suggestions: r.suggestions },
  );
}

async function convertOne(opt: CommandOption, value: string | number | boolean, c: ConvertContext): Promise<unknown> {
  const text = String(value).trim();
  const shown = escapeInline(text);
  switch (opt.type) {
    case "string":
      return text;
    case "company":
      return resolveCompany(c.resolver, text);
    case "date": {
      const d = parseDateOption(text, { now: c.now, tz: c.tz });
      if (!d.ok)
        throw new UserError({ en: `\`${opt.name}\`: ${d.error}.`, ko: `\`${opt.name}\`에 넣은 ${d.errorKo}.` });
      return d.date;
    }
    case "integer": {
      const n = typeof value === "number" ? value : Number(text);
      const lo = opt.min ?? Number.MIN_SAFE_INTEGER;
      const hi = opt.max ?? Number.MAX_SAFE_INTEGER;
      if (!Number.isInteger(n) || n < lo || n > hi) {
        const ranged = opt.min !== undefined && opt.max !== undefined;
        throw new UserError({
          en: `\`${opt.name}\` must be a whole number${ranged ? ` (${opt.min}–${opt.max})` : ""}, not “${shown}”.`,
          ko: `\`${opt.name}\`에는 ${ranged ? `${opt.min}~${opt.max} 사이의 ` : ""}정수를 넣어 주세요. 입력값: “${shown}”`,
        });
      }
      return n;
    }
    case "money": {
      const m = parseMoney(text);
      if (!m.ok) {
        throw new UserError({
          en: `\`${opt.name}\` needs an amount of money such as $1B or 10억 달러; ${m.reason.en}.`,
          ko: `\`${opt.name}\`에는 $1B, 10억 달러 같은 금액을 넣어 주세요. ${m.reason.ko}.`,
        });
      }
      if (m.kind !== "money") {
        throw new UserError({
          en: `\`${opt.name}\` needs an amount of money such as $1B or 10억 달러, not “${shown}”.`,
          ko: `\`${opt.name}\`에는 $1B, 10억 달러 같은 금액을 넣어 주세요. 입력값: “${shown}”`,
        });
      }
      const fx = await c.fx();
      const usd = fx.toUsd(m.amount.value, m.amount.currency, c.now.toISOString().slice(0, 10));
      if (usd === null) {
        throw new UserError({
          en: `No exchange rate for ${m.amount.currency}; give \`${opt.name}\` in US dollars.`,
          ko: `${m.amount.currency} 환율 정보가 없습니다. \`${opt.name}\`을 달러로 입력해 주세요.`,
        });
      }
      return usd;
    }
    case "choice": {
      const hit = choiceOf(opt, text);
      if (!hit) {
        const list = (opt.choices ?? []).map((ch) => ch.value).join(", ");
        throw new UserError({
          en: `\`${opt.name}\` must be one of ${list}, not “${shown}”.`,
          ko: `\`${opt.name}\`에는 ${list} 중 하나를 넣어 주세요. 입력값: “${shown}”`,
        });
      }
      return hit.value;
    }
  }
}

/**
 * A text platform gets one line, and people type the later options bare as often as `name:value`:
 * `/subscribe 엔비디아 10억 달러 loops`, `/cycles 3`. When the first option's text names no company,
 * its last words are read as the next options' values, in the options' order (any may be skipped):
 * the longest company name that resolves, with every word after it taken by an option, wins. Only
 * values an option can take count. A `problem` is reported once the answer's language is known.
 */
export function withBareValues(
  def: CommandDefinition,
  raw: RawArgs,
  c: BareContext,
): { raw: RawArgs; problem: UserError | null } {
  raw = withRunOnsSplit(def, raw, c);
  const first = def.options[0];
  const text = first ? raw[first.name] : undefined;
  if (!first || typeof text !== "string") return { raw, problem: null };
  const words = text.trim().split(/\s+/u);
  const open = def.options.slice(1).filter((o) => raw[o.name] === undefined);
  if (first.type === "string") return afterWord(def, raw, words, open, c);
  if (first.type !== "company" || c.resolver.resolve(text).ok) return { raw, problem: null };
  // Failing that, the most likely reading: an unknown name before values that fit (reported as an
  // unknown company, with suggestions), else a known company before words that fit nothing.
  let unknownName: RawArgs | null = null;
  let known: { company: Company; rest: string } | null = null;
  for (let k = words.length - 1; k >= (first.required ? 1 : 0); k--) {
    const name = words.slice(0, k).join(" ");
    const r = k > 0 ? c.resolver.resolve(name) : null;
    const bare = assignBare(words.slice(k), open, c);
    if (bare && (k === 0 || r?.ok))
      return { raw: { ...raw, [first.name]: k > 0 ? name : undefined, ...bare }, problem: null };
    if (bare) unknownName ??= { ...raw, [first.name]: name, ...bare };
    else if (r?.ok) known ??= { company: r.company, rest: words.slice(k).join(" ") };
  }
  if (unknownName || !known) return { raw: unknownName ?? raw, problem: null };
  return { raw, problem: notUnderstood(def, known.rest, known.company.name.en, known.company.name.ko) };
}

/**
 * A bare word after `name:value` continues that value (`min_amount:10억 달러`), so `/deals kind:loan 7d`
 * arrives as kind “loan 7d”. When the whole run is no value of its option but its first words are, and
 * the words after them are values of options not yet given, those words go to those options; a company
 * not yet given counts too when the words name one exactly (`/deals kind:loan OpenAI`).
 */
function withRunOnsSplit(def: CommandDefinition, raw: RawArgs, c: BareContext): RawArgs {
  let out = raw;
  for (const opt of def.options.slice(1)) {
    const text = out[opt.name];
    if (typeof text !== "string" || takesBare(opt, text.trim(), c)) continue;
    const words = text.trim().split(/\s+/u);
    const open = def.options.filter((o) => o !== opt && out[o.name] === undefined);
    for (let n = words.length - 1; n >= 1; n--) {
      const head = words.slice(0, n).join(" ");
      const bare = takesBare(opt, head, c) ? assignBare(words.slice(n), open, c, true) : null;
      if (bare) {
        out = { ...out, [opt.name]: head, ...bare };
        break;
      }
    }
  }
  return out;
}

/**
 * A leading `string` option that takes one word (`/digest 09:00 America/New_York en mon`): the words after
 * it are the next options' values. Left alone when the first word is not the option's (its own check says why).
 */
function afterWord(
  def: CommandDefinition,
  raw: RawArgs,
  words: string[],
  open: CommandOption[],
  c: BareContext,
): { raw: RawArgs; problem: UserError | null } {
  const [head = "", ...rest] = words;
  const first = def.options[0] as CommandOption;
  if (rest.length === 0 || !first.accepts?.(head)) return { raw, problem: null };
  const bare = assignBare(rest, open, c);
  if (bare) return { raw: { ...raw, [first.name]: head, ...bare }, problem: null };
  return { raw, problem: notUnderstood(def, rest.join(" "), head, head) };
}

function notUnderstood(def: CommandDefinition, rest: string, afterEn: string, afterKo: string): UserError {
  const words = escapeInline(rest);
  const usage = usageLine(def);
  return new UserError(
    {
      en: `Could not make sense of “${words}” after ${escapeInline(afterEn)}.`,
      ko: `${escapeInline(afterKo || afterEn)} 뒤에 입력한 “${words}” 부분을 이해하지 못했습니다.`,
    },
    { hint: { en: `Usage: ${usage}`, ko: `사용법: ${usage}` } },
  );
}

/**
 * `words` split into runs, each the value of a different one of `options`; null when some word fits none.
 * Runs are given to options in the options' order where that works, else in any order (`/digest 8:00 매일 ko`):
 * the options of one command take values of different shapes, so the order carries no meaning. A company
 * option takes a run only with `companies`, and only a run that names a company exactly.
 */
function assignBare(
  words: string[],
  options: CommandOption[],
  c: BareContext,
  companies = false,
): Record<string, string> | null {
  return assignRuns(words, options, c, true, companies) ?? assignRuns(words, options, c, false, companies);
}

function assignRuns(
  words: string[],
  options: CommandOption[],
  c: BareContext,
  inOrder: boolean,
  companies: boolean,
): Record<string, string> | null {
  if (words.length === 0) return {};
  for (let i = 0; i < options.length; i++) {
    const opt = options[i] as CommandOption;
    const others = inOrder ? options.slice(i + 1) : [...options.slice(0, i), ...options.slice(i + 1)];
    // longest run first: `10억 달러`, `USD 2.5 bn`
    for (let n = words.length; n >= 1; n--) {
      const value = words.slice(0, n).join(" ");
      const fits =
        opt.type === "company" ? companies && c.resolver.find(value) !== undefined : takesBare(opt, value, c);
      if (!fits) continue;
      const rest = assignRuns(words.slice(n), others, c, inOrder, companies);
      if (rest) return { [opt.name]: value, ...rest };
    }
  }
  return null;
}

function takesBare(opt: CommandOption, text: string, c: BareContext): boolean {
  switch (opt.type) {
    case "company":
      return false;
    case "string":
      return opt.accepts?.(text) ?? false;
    case "date":
      return parseDateOption(text, { now: c.now, tz: c.tz }).ok;
    case "integer":
      // out of range is still this option's value: its conversion says which range
      return /^\d+$/.test(text);
    case "money": {
      const m = parseMoney(text);
      return m.ok && m.kind === "money";
    }
    case "choice":
      return choiceOf(opt, text) !== undefined;
  }
}

function choiceOf(opt: CommandOption, text: string) {
  const want = text.toLowerCase();
  return opt.choices?.find((ch) => ch.value === want || ch.label.en.toLowerCase() === want || ch.label.ko === text);
}

/** Converts and checks every option; a missing required option or a bad value is a UserError. */
export async function convertArgs(def: CommandDefinition, raw: RawArgs, c: ConvertContext): Promise<CommandArgs> {
  const args: CommandArgs = {};
  for (const opt of def.options) {
    const value = raw[opt.name];
    if (value === undefined || (typeof value === "string" && value.trim() === "")) {
      if (opt.required) {
        throw new UserError({
          en: `\`/${def.name}\` needs \`${opt.name}\`: ${opt.description.en}.`,
          ko: `\`/${def.name}\`에 \`${opt.name}\` 값이 빠졌습니다. ${withParticle(opt.description.ko, "을/를")} 넣어 주세요.`,
        });
      }
      continue;
    }
    args[opt.name] = await convertOne(opt, value, c);
  }
  const parsed = def.schema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const msg = issue?.message ?? "invalid";
    throw new UserError({ en: msg, ko: msg });
  }
  return parsed.data as CommandArgs;
}

/** The typed form of a `company` option, for command schemas. */
export const companyArg = z.custom<Company>(
  (v) => typeof v === "object" && v !== null && typeof (v as Company).id === "string",
  "not a company",
);
