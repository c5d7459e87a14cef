/** zod schemas of one import record (company, observation, FX entry), shared by every file format. */
import { z } from "zod";
import { DEAL_KINDS, DEAL_STATUSES, QUALIFIERS } from "../domain/types.js";

const DATE_FORMAT = "must be a date (YYYY-MM-DD)";

/** What is wrong with a date string, or null. Memoised: an import repeats a few thousand dates a million times. */
const dateProblems = new Map<string, string | null>();
function dateProblem(s: string): string | null {
  let problem = dateProblems.get(s);
  if (problem !== undefined) return problem;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) problem = DATE_FORMAT;
  else {
    const d = new Date(`${s}T00:00:00Z`);
    problem = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? null : "is not a real calendar date";
  }
  if (dateProblems.size >= 100_000) dateProblems.clear();
  dateProblems.set(s, problem);
  return problem;
}

export const dateSchema = z.string({ error: DATE_FORMAT }).superRefine((s, ctx) => {
  const problem = dateProblem(s);
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
});

const text = (what: string) =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .min(1, `must not be empty`);

export const currencySchema = z
  .string({ error: "must be an ISO 4217 code such as USD or KRW" })
  .trim()
  .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as USD or KRW")
  .transform((s) => s.toUpperCase());

export const amountSchema = z
  .object({
    value: z.number({ error: "must be a number" }).finite().nonnegative("must not be negative"),
    currency: currencySchema,
    qualifier: z.enum(QUALIFIERS, { error: `must be one of ${QUALIFIERS.join(", ")}` }).default("exact"),
    max: z.number({ error: "must be a number" }).finite().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.qualifier === "range") {
      if (a.max === undefined) ctx.addIssue({ code: "custom", path: ["max"], message: "a range needs a max" });
      else if (a.max < a.value)
        ctx.addIssue({ code: "custom", path: ["max"], message: `must be at least the value (${a.value})` });
    } else if (a.max !== undefined) {
      ctx.addIssue({ code: "custom", path: ["max"], message: "only a range (qualifier range) has a max" });
    }
  });

export const termsSchema = z.object({
  capacity_gw: z.number().finite().nonnegative().optional(),
  shares: z.number().finite().nonnegative().optional(),
  stake_pct: z.number().finite().min(0).max(100).optional(),
  valuation_usd: z.number().finite().nonnegative().optional(),
  target: z.string().optional(),
  notes: z.string().optional(),
});

export const observationSchema = z.object({
  deal: text("a deal id"),
  observed_on: dateSchema,
  kind: z.enum(DEAL_KINDS, { error: `must be one of ${DEAL_KINDS.join(", ")}` }),
  from: z.string({ error: "must be a company or null" }).trim().min(1, "must not be empty").nullable().default(null),
  to: text("a company"),
  round: text("a deal id").optional(),
  amount: amountSchema.nullable().default(null),
  status: z.enum(DEAL_STATUSES, { error: `must be one of ${DEAL_STATUSES.join(", ")}` }),
  terms: termsSchema.optional(),
  title: z.object({ en: z.string().trim().optional(), ko: z.string().trim().optional() }).optional(),
  source: z
    .object({
      publisher: text("a publisher name"),
      url: z.url({ error: "must be a URL" }).optional(),
      lang: z.string().trim().optional(),
    })
    .optional(),
});

export const companySchema = z.object({
  id: z
    .string({ error: "must be a lower-case slug" })
    .regex(/^[a-z0-9][a-z0-9._-]*$/, "must be a lower-case slug (a-z, 0-9, -)"),
  name: z.object({ en: text("an English name"), ko: text("a Korean name") }),
  aliases: z.array(z.string().trim().min(1, "must not be empty")).default([]),
  role: text("a role such as chipmaker or ai-lab"),
});

/** `{on, pair: "USD/KRW", rate}` as in the sample, or `{on, currency: "KRW", rate}`. */
export const fxSchema = z
  .object({
    on: dateSchema,
    pair: z
      .string()
      .regex(/^USD\/[A-Za-z]{3}$/, "must be USD/XXX (units of XXX per dollar)")
      .optional(),
    currency: currencySchema.optional(),
    rate: z.number({ error: "must be a number" }).finite().positive("must be positive"),
  })
  .transform((f, ctx) => {
    const currency = f.currency ?? f.pair?.slice(4).toUpperCase();
    if (!currency) {
      ctx.addIssue({ code: "custom", path: ["pair"], message: "is required (USD/XXX)" });
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
