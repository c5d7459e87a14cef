/** zod schemas of one import record (company, observation, FX entry), shared by every file format. */
import { z } from "zod";
import { DEAL_KINDS, DEAL_STATUSES, QUALIFIERS } from "../domain/types.js";
import { issueOf, type Said, said } from "./problem-text.js";

const DATE_FORMAT = said("must be a date (YYYY-MM-DD)", "YYYY-MM-DD 형식의 날짜여야 합니다");
const NOT_A_DATE = said("is not a real calendar date", "달력에 없는 날짜입니다");
const NOT_EMPTY = said("must not be empty", "비어 있으면 안 됩니다");
const NUMBER = said("must be a number", "숫자여야 합니다");
const NOT_NEGATIVE = said("must not be negative", "음수일 수 없습니다");
const TEXT = said("must be text", "문자열이어야 합니다");
const CURRENCY = said("must be an ISO 4217 code such as USD or KRW", "USD, KRW 같은 ISO 4217 통화 코드여야 합니다");
const oneOf = (list: readonly string[]) =>
  said(`must be one of ${list.join(", ")}`, `${list.join(", ")} 가운데 하나여야 합니다`);
const anObject = (en: string, ko: string) => said(`must be an object ${en}`, `${ko} 객체여야 합니다`);

/**
 * zod's `error` for a value of the wrong type, which is also how zod reports a required field left out:
 * that one is called missing.
 */
function expected(what: Said): (issue: { input?: unknown }) => string {
  const missing = said(`is missing; ${what.en}`, `값이 없습니다. ${what.ko}`);
  return (issue) => (issue.input === undefined ? missing.en : what.en);
}

/** What is wrong with a date string, or null. Memoised: an import repeats a few thousand dates a million times. */
const dateProblems = new Map<string, Said | null>();
export function dateProblem(s: string): Said | null {
  let problem = dateProblems.get(s);
  if (problem !== undefined) return problem;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) problem = DATE_FORMAT;
  else {
    const d = new Date(`${s}T00:00:00Z`);
    problem = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? null : NOT_A_DATE;
  }
  if (dateProblems.size >= 100_000) dateProblems.clear();
  dateProblems.set(s, problem);
  return problem;
}

export const dateSchema = z.string({ error: expected(DATE_FORMAT) }).superRefine((s, ctx) => {
  const problem = dateProblem(s);
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem.en });
});

const text = (what: Said) =>
  z
    .string({ error: expected(what) })
    .trim()
    .min(1, NOT_EMPTY.en);

const number = () => z.number({ error: expected(NUMBER) });

export const currencySchema = z
  .string({ error: expected(CURRENCY) })
  .trim()
  .regex(/^[A-Za-z]{3}$/, CURRENCY.en)
  .transform((s) => s.toUpperCase());

export const amountSchema = z
  .object(
    {
      value: number().nonnegative(NOT_NEGATIVE.en),
      currency: currencySchema,
      qualifier: z.enum(QUALIFIERS, { error: expected(oneOf(QUALIFIERS)) }).default("exact"),
      max: number().optional(),
    },
    {
      error: said(
        "must be an object with value and currency, or null",
        "value와 currency를 담은 객체이거나 null이어야 합니다",
      ).en,
    },
  )
  .superRefine((a, ctx) => {
    if (a.qualifier === "range") {
      if (a.max === undefined)
        ctx.addIssue(issueOf(said("a range needs a max", "범위(range)에는 max가 있어야 합니다"), ["max"]));
      else if (a.max < a.value)
        ctx.addIssue(
          issueOf({ en: `must be at least the value (${a.value})`, ko: `value(${a.value}) 이상이어야 합니다` }, [
            "max",
          ]),
        );
    } else if (a.max !== undefined) {
      ctx.addIssue(
        issueOf(said("only a range (qualifier range) has a max", "max는 범위(qualifier range)에만 쓸 수 있습니다"), [
          "max",
        ]),
      );
    }
  });

const PERCENT = said("must be between 0 and 100", "0에서 100 사이여야 합니다");
const count = () => number().nonnegative(NOT_NEGATIVE.en).optional();

export const termsSchema = z.object(
  {
    capacity_gw: count(),
    shares: count(),
    stake_pct: number().min(0, PERCENT.en).max(100, PERCENT.en).optional(),
    valuation_usd: count(),
    target: z.string({ error: expected(TEXT) }).optional(),
    notes: z.string({ error: expected(TEXT) }).optional(),
  },
  { error: expected(anObject("of deal terms", "거래 조건을 담은")) },
);

export const urlSchema = z.url({ error: expected(said("must be a URL", "URL이어야 합니다")) });

const DEAL_ID = said("must be a deal id", "거래 ID여야 합니다");

export const observationSchema = z.object(
  {
    deal: text(DEAL_ID),
    observed_on: dateSchema,
    kind: z.enum(DEAL_KINDS, { error: expected(oneOf(DEAL_KINDS)) }),
    from: z
      .string({ error: expected(said("must be a company or null", "기업 이름이나 null이어야 합니다")) })
      .trim()
      .min(1, NOT_EMPTY.en)
      .nullable()
      .default(null),
    to: text(said("must be a company", "기업 이름이어야 합니다")),
    round: text(DEAL_ID).optional(),
    amount: amountSchema.nullable().default(null),
    status: z.enum(DEAL_STATUSES, { error: expected(oneOf(DEAL_STATUSES)) }),
    terms: termsSchema.optional(),
    title: z
      .object(
        {
          en: z
            .string({ error: expected(TEXT) })
            .trim()
            .optional(),
          ko: z
            .string({ error: expected(TEXT) })
            .trim()
            .optional(),
        },
        { error: expected(anObject("with en and ko", "en과 ko를 담은")) },
      )
      .optional(),
    source: z
      .object(
        {
          publisher: text(said("must be a publisher name", "매체 이름이어야 합니다")),
          url: urlSchema.optional(),
          lang: z
            .string({ error: expected(TEXT) })
            .trim()
            .optional(),
        },
        { error: expected(anObject("with a publisher", "publisher를 담은")) },
      )
      .optional(),
  },
  { error: expected(anObject("(one deal observation)", "거래 관측 하나를 담은")) },
);

const SLUG = said("must be a lower-case slug (a-z, 0-9, -)", "영문 소문자·숫자·하이픈으로 된 ID여야 합니다");

export const companySchema = z.object(
  {
    id: z.string({ error: expected(SLUG) }).regex(/^[a-z0-9][a-z0-9._-]*$/, SLUG.en),
    name: z.object(
      {
        en: text(said("must be an English name", "영문 이름이어야 합니다")),
        ko: text(said("must be a Korean name", "한글 이름이어야 합니다")),
      },
      { error: expected(anObject("with en and ko", "en과 ko를 담은")) },
    ),
    aliases: z
      .array(
        z
          .string({ error: expected(TEXT) })
          .trim()
          .min(1, NOT_EMPTY.en),
        {
          error: said("must be a list of names", "이름 목록이어야 합니다").en,
        },
      )
      .default([]),
    role: text(said("must be a role such as chipmaker or ai-lab", "chipmaker, ai-lab 같은 역할이어야 합니다")),
  },
  { error: expected(anObject("(one company)", "기업 하나를 담은")) },
);

const PAIR = said("must be USD/XXX (units of XXX per dollar)", "USD/XXX(1달러당 XXX 단위) 형식이어야 합니다");

/** `{on, pair: "USD/KRW", rate}` as in the sample, or `{on, currency: "KRW", rate}`. */
export const fxSchema = z
  .object(
    {
      on: dateSchema,
      pair: z
        .string({ error: expected(PAIR) })
        .regex(/^USD\/[A-Za-z]{3}$/, PAIR.en)
        .optional(),
      currency: currencySchema.optional(),
      rate: number().positive(said("must be positive", "0보다 커야 합니다").en),
    },
    { error: expected(anObject("(one FX rate)", "환율 하나를 담은")) },
  )
  .transform((f, ctx) => {
    const currency = f.currency ?? f.pair?.slice(4).toUpperCase();
    if (!currency) {
      ctx.addIssue(issueOf(said("is required (USD/XXX)", "USD/XXX 형식으로 적어야 합니다"), ["pair"]));
      return z.NEVER;
    }
    return { currency, on: f.on, rate: f.rate };
  });

export type ObservationInput = z.output<typeof observationSchema>;
export type CompanyInput = z.output<typeof companySchema>;

/** `amount.max`, `source[0]`, … from a zod issue path. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(record)";
}
