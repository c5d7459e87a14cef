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

/**
 * Validates records one at a time as they are read, keeping only what the import needs (so a large file's
 * raw records are garbage as soon as they are checked); `finish` then runs the checks across records.
 */
export class RecordValidator {
  private readonly problems: Problem[] = [];
  private readonly companies: Company[] = [];
  private readonly fx: FxRate[] = [];
  /** Observations as validated, company names not yet resolved; `obsAt[i]` is where observation i was read. */
  private readonly observations: Observation[] = [];
  private readonly obsAt: Pick<RawRecord, "line" | "field">[] = [];
  /** Company names deals use, each with the places it was written (`order` keeps the order they were read). */
  private readonly named = new Map<string, { line: number; field: string; order: number }[]>();
  private namesRead = 0;

  constructor(
    private readonly file: string,
    private readonly opts: { allowImplausible?: boolean },
  ) {}

  add(rec: RawRecord): void {
    const problems = this.problems;
    const field = (f: string) => (rec.field ? rec.field(f) : f);
    for (const p of rec.problems ?? []) problems.push({ line: rec.line, ...p });
    const report = (error: z.ZodError) => {
      for (const issue of error.issues)
        problems.push({ line: rec.line, field: field(issuePath(issue.path)), message: issue.message });
    };
    if (rec.kind === "company") {
      const r = companySchema.safeParse(rec.value);
      if (r.success) this.companies.push(r.data);
      else report(r.error);
      return;
    }
    if (rec.kind === "fx") {
      const r = fxSchema.safeParse(rec.value);
      if (r.success) this.fx.push(r.data);
      else report(r.error);
      return;
    }
    const r = observationSchema.safeParse(rec.value);
    if (!r.success) report(r.error);
    // Checks across fields run on every deal record, valid or not, so one pass lists every problem.
    if (typeof rec.value === "object" && rec.value !== null) {
      const v = rec.value as Record<string, unknown>;
      if ((v.from === null || v.from === undefined) && typeof v.kind === "string" && v.kind !== "funding_round") {
        problems.push({
          line: rec.line,
          field: field("from"),
          message: `is required for a ${v.kind} (only a funding_round may leave it null)`,
        });
      }
      if (typeof v.from === "string" && v.from.trim()) this.name(v.from.trim(), rec.line, field("from"));
      if (typeof v.to === "string" && v.to.trim()) this.name(v.to.trim(), rec.line, field("to"));
    }
    if (!r.success) return;
    this.observations.push(normalise(r.data, r.data.from, r.data.to));
    this.obsAt.push(rec.field ? { line: rec.line, field: rec.field } : { line: rec.line });
  }

  private name(name: string, line: number, field: string): void {
    const place = { line, field, order: this.namesRead++ };
    const places = this.named.get(name);
    if (places) places.push(place);
    else this.named.set(name, [place]);
  }

  /** Look-up keys of the company names the deals use (to fetch from the store before `finish`). */
  nameKeys(): Set<string> {
    const keys = new Set<string>();
    for (const name of this.named.keys()) keys.add(aliasKey(name));
    return keys;
  }

  /** Resolves company names against the store's keys and the file's companies; checks amounts after FX. */
  finish(known: Known): { data: ImportData; problems: Problem[] } {
    const problems = this.problems;
    const keys = new Map(known.companyKeys);
    for (const c of this.companies) for (const k of companyKeys(c)) if (!keys.has(k) || k === c.id) keys.set(k, c.id);
    const ids = new Map<string, string>();
    const unknown: (Problem & { order: number })[] = [];
    for (const [name, places] of this.named) {
      const id = keys.get(aliasKey(name));
      if (id !== undefined) ids.set(name, id);
      else
        for (const p of places)
          unknown.push({ ...p, message: `unknown company "${name}" (not in the store or this file)` });
    }
    unknown.sort((a, b) => a.order - b.order);
    for (const { order: _, ...p } of unknown) problems.push(p);
    const table = new FxTable([...known.fx, ...this.fx]);
    for (let i = 0; i < this.observations.length; i++) {
      const o = this.observations[i] as Observation;
      if (o.from !== null) o.from = ids.get(o.from) ?? o.from;
      o.to = ids.get(o.to) ?? o.to;
      if (!o.amount || this.opts.allowImplausible) continue;
      const usd = table.toUsd(o.amount.max ?? o.amount.value, o.amount.currency, o.observed_on);
      if (usd !== null && usd > IMPLAUSIBLE_USD) {
        const at = this.obsAt[i] as Pick<RawRecord, "line" | "field">;
        problems.push({
          line: at.line,
          field: at.field ? at.field("amount.value") : "amount.value",
          message: `implausible for one deal: about USD ${(usd / 1e12).toFixed(1)} trillion (over 10 trillion); use --allow-implausible if it is right`,
        });
      }
    }
    // Stable: within a line, problems keep the order they were found in.
    problems.sort((a, b) => a.line - b.line);
    const data = {
      file: this.file,
      companies: this.companies,
      observations: this.observations,
      fx: this.fx,
      canonical: true,
    };
    return { data, problems };
  }
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
