/**
 * What an import problem says, in both languages: the CLI prints a refused file's problems in the
 * language of its `--lang`. zod issues carry one string, so schema messages are written with `said` (which
 * remembers the Korean for its English) and a message built per record carries its Korean in the issue's
 * `params`.
 */
import type { z } from "zod";
import { withParticle } from "../domain/korean.js";
import type { Lang } from "../domain/types.js";

export type Said = Record<Lang, string>;

const byEnglish = new Map<string, Said>();

/** A message in both languages; zod schemas take its `.en`, and `saidOfIssue` finds the Korean again. */
export function said(en: string, ko: string): Said {
  const s = { en, ko };
  if (!byEnglish.has(en)) byEnglish.set(en, s);
  return s;
}

/** A custom zod issue whose message exists only for this record (not registered). */
export function issueOf(s: Said, path?: string[]) {
  return { code: "custom" as const, message: s.en, params: { ko: s.ko }, ...(path ? { path } : {}) };
}

/** Both languages of a zod issue's message; one zod wrote itself (none of ours) stays in English for both. */
export function saidOfIssue(issue: z.core.$ZodIssue): Said {
  const ko = issue.code === "custom" ? (issue.params as { ko?: unknown } | undefined)?.ko : undefined;
  if (typeof ko === "string") return { en: issue.message, ko };
  return byEnglish.get(issue.message) ?? { en: issue.message, ko: issue.message };
}

/** A parser's error (JSON, CSV) in its own words, which stay English in either language. */
export function notValid(format: "JSON" | "CSV", e: unknown): Said {
  const why = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  return { en: `not valid ${format} (${why})`, ko: `올바른 ${withParticle(format, "이/가")} 아닙니다 (${why})` };
}
