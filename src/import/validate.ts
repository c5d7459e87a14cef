/**
 * Validation of read records into ImportData: every record through zod, then the checks across records
 * (companies known in the store or the file, implausible amounts after FX). Every problem is reported.
 */
import type { z } from "zod";
import { FxTable } from "../domain/fx.js";
import type { Amount, Company, FxRate, Observation } from "../domain/types.js";
import { aliasKey, companyKeys } from "../store/company-repository.js";
import type { RawRecord } from "./records.js";
import { companySchema, fxSchema, issuePath, type ObservationInput, observationSchema } from "./schemas.js";
import type { ImportData } from "./types.js";

/** Above this many US dollars one deal is implausible (SPEC §2). */
export const IMPLAUSIBLE_USD = 10e12;

export interface Known {
  /** Look-up key → company id, from the store. */
  companyKeys: Map<string, string>;
  fx: FxRate[];
}

export interface Problem {
  line: number;
  field: string;
  message: string;
}

export function validateRecords(
  file: string,
  records: RawRecord[],
  known: Known,
  opts: { allowImplausible?: boolean },
): { data: ImportData; problems: Problem[] } {
  const problems: Problem[] = [];
  const companies: Company[] = [];
  const fx: FxRate[] = [];
  const deals: { rec: RawRecord; obs: ObservationInput }[] = [];

  const report = (rec: RawRecord, error: z.ZodError) => {
    for (const issue of error.issues) {
      const path = issuePath(issue.path);
      problems.push({ line: rec.line, field: rec.field ? rec.field(path) : path, message: issue.message });
    }
  };

  for (const rec of records) {
    for (const p of rec.problems ?? []) problems.push({ line: rec.line, ...p });
    if (rec.kind === "company") {
      const r = companySchema.safeParse(rec.value);
      if (r.success) companies.push(r.data);
      else report(rec, r.error);
    } else if (rec.kind === "fx") {
      const r = fxSchema.safeParse(rec.value);
      if (r.success) fx.push(r.data);
      else report(rec, r.error);
    } else {
      const r = observationSchema.safeParse(rec.value);
      if (r.success) deals.push({ rec, obs: r.data });
      else report(rec, r.error);
    }
  }

  const keys = new Map(known.companyKeys);
  for (const c of companies) for (const k of companyKeys(c)) if (!keys.has(k) || k === c.id) keys.set(k, c.id);
  const table = new FxTable([...known.fx, ...fx]);

  const observations: Observation[] = [];
  // Names repeat across rows; normalise each distinct spelling once.
  const resolved = new Map<string, string | null>();
  const lookup = (name: string): string | null => {
    let id = resolved.get(name);
    if (id === undefined) {
      id = keys.get(aliasKey(name)) ?? null;
      resolved.set(name, id);
    }
    return id;
  };
  const resolveIn = (rec: RawRecord, name: string, f: string): string | null => {
    const id = lookup(name);
    if (!id)
      problems.push({
        line: rec.line,
        field: rec.field ? rec.field(f) : f,
        message: `unknown company "${name}" (not in the store or this file)`,
      });
    return id ?? null;
  };
  // Checks across fields run on every deal record, valid or not, so one pass lists every problem.
  for (const rec of records) {
    if (rec.kind !== "deal" || typeof rec.value !== "object" || rec.value === null) continue;
    const v = rec.value as Record<string, unknown>;
    if ((v.from === null || v.from === undefined) && typeof v.kind === "string" && v.kind !== "funding_round") {
      problems.push({
        line: rec.line,
        field: rec.field ? rec.field("from") : "from",
        message: `is required for a ${v.kind} (only a funding_round may leave it null)`,
      });
    }
    if (typeof v.from === "string" && v.from.trim()) resolveIn(rec, v.from.trim(), "from");
    if (typeof v.to === "string" && v.to.trim()) resolveIn(rec, v.to.trim(), "to");
  }
  for (const { rec, obs } of deals) {
    const field = (f: string) => (rec.field ? rec.field(f) : f);
    const from = obs.from === null ? null : (lookup(obs.from) ?? obs.from);
    const to = lookup(obs.to) ?? obs.to;
    if (obs.amount && !opts.allowImplausible) {
      const usd = table.toUsd(obs.amount.max ?? obs.amount.value, obs.amount.currency, obs.observed_on);
      if (usd !== null && usd > IMPLAUSIBLE_USD) {
        problems.push({
          line: rec.line,
          field: field("amount.value"),
          message: `implausible for one deal: about USD ${(usd / 1e12).toFixed(1)} trillion (over 10 trillion); use --allow-implausible if it is right`,
        });
      }
    }
    observations.push(normalise(obs, from, to));
  }
  // Stable: within a line, problems keep the order they were found in.
  problems.sort((a, b) => a.line - b.line);
  return { data: { file, companies, observations, fx, canonical: true }, problems };
}

/** An observation in a fixed key order, so its stored body (and fingerprint) is canonical. */
export function canonicalObservation(o: Observation): Observation {
  return normalise(o, o.from, o.to);
}

function normalise(o: ObservationInput | Observation, from: string | null, to: string): Observation {
  const out: Observation = {
    deal: o.deal,
    observed_on: o.observed_on,
    kind: o.kind,
    from,
    to,
    amount: o.amount ? amount(o.amount) : null,
    status: o.status,
  };
  if (o.round !== undefined) out.round = o.round;
  if (o.terms) {
    const t = Object.fromEntries(
      Object.entries(o.terms)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    if (Object.keys(t).length > 0) out.terms = t;
  }
  if (o.title && (o.title.en || o.title.ko)) {
    out.title = {};
    if (o.title.en) out.title.en = o.title.en;
    if (o.title.ko) out.title.ko = o.title.ko;
  }
  if (o.source) {
    out.source = { publisher: o.source.publisher };
    if (o.source.url) out.source.url = o.source.url;
    if (o.source.lang) out.source.lang = o.source.lang;
  }
  return out;
}

function amount(a: Amount): Amount {
  const out: Amount = { value: a.value, currency: a.currency, qualifier: a.qualifier };
  if (a.max !== undefined) out.max = a.max;
  return out;
}
