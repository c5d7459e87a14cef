/**
 * Validation of read records into ImportData: every record through zod, then the checks across records
 * (companies known in the store or the file, implausible amounts after FX). Every problem is reported.
 */
import type { z } from "zod";
import { FxTable } from "../domain/fx.js";
import { formatUsd } from "../domain/money.js";
import type { Amount, Company, FxRate, Observation } from "../domain/types.js";
import { aliasKey, companyKeys } from "../store/company-repository.js";
import type { BodyAt } from "./canonical-line.js";
import { checkedObservation } from "./checked-observation.js";
import { type Said, saidOfIssue } from "./problem-text.js";
import type { RawRecord } from "./records.js";
import { companySchema, fxSchema, issuePath, type ObservationInput, observationSchema } from "./schemas.js";
import type { ImportData } from "./types.js";

/** Above this many US dollars one deal is implausible (SPEC §2). */
export const IMPLAUSIBLE_USD = 10e12;

export interface Known {
  /** Look-up key → company id, from the store: at least the keys of `nameKeys()`. */
  companyKeys: ReadonlyMap<string, string>;
  fx: FxRate[];
}

export interface Problem {
  line: number;
  field: string;
  message: Said;
  /** The name, when the problem is an unknown company (its message may get "did you mean" added). */
  unknownCompany?: string;
}

/**
 * Validates records one at a time as they are read, keeping only what the import needs (so a large file's
 * raw records are garbage as soon as they are checked); `finish` then runs the checks across records.
 */
export class RecordValidator {
  private readonly problems: Problem[] = [];
  private readonly companies: Company[] = [];
  private readonly fx: FxRate[] = [];
  /** Observations as validated, company names not yet resolved; `at(i)` is where observation i was read. */
  private readonly observations: Observation[] = [];
  private readonly obsLines: number[] = [];
  private readonly obsFields: RawRecord["field"][] = [];
  /** Where each observation's canonical body is in the file's bytes, else -1; see `bodyKept`. */
  private readonly bodies: BodyAt[] = [];
  private anyBody = false;
  /**
   * Company names deals use, but those known to be stored companies' ids (see `opts.companyKeys`). Where each
   * was written is looked up only for names that turn out unknown.
   */
  private readonly names = new Set<string>();
  /** How many of `names` newNameKeys took, and where it goes on from. */
  private taken = 0;
  private untaken: Iterator<string> | null = null;
  /** Names in deal records that failed validation (so have no observation): `before` = observations read. */
  private readonly strays: { name: string; line: number; field: string; before: number }[] = [];

  constructor(
    private readonly file: string,
    private readonly opts: {
      allowImplausible?: boolean;
      /**
       * Company look-up keys already read from the store (ParseFileOptions.companyKeys). A name found there as
       * the key of the company with that very id is a stored company's id, so it needs no look-up.
       */
      companyKeys?: ReadonlyMap<string, string>;
    },
  ) {}

  // No closures per record: this runs once per line of a file of millions.
  add(rec: RawRecord): void {
    const problems = this.problems;
    if (rec.problems) for (const p of rec.problems) problems.push({ line: rec.line, ...p });
    if (rec.kind === "company") {
      const r = companySchema.safeParse(rec.value);
      if (r.success) this.companies.push(r.data);
      else this.report(rec, r.error);
      return;
    }
    if (rec.kind === "fx") {
      const r = fxSchema.safeParse(rec.value);
      if (r.success) this.fx.push(r.data);
      else this.report(rec, r.error);
      return;
    }
    // The plain check first; zod only for what it cannot vouch for, and for zod's messages.
    const checked = rec.checked ?? checkedObservation(rec.value);
    let data: ObservationInput | Observation | null = checked;
    if (!data) {
      const r = observationSchema.safeParse(rec.value);
      if (r.success) data = r.data;
      else this.report(rec, r.error);
    }
    // Checks across fields run on every deal record, valid or not, so one pass lists every problem.
    if (typeof rec.value === "object" && rec.value !== null) {
      const v = rec.value as Record<string, unknown>;
      if ((v.from === null || v.from === undefined) && typeof v.kind === "string" && v.kind !== "funding_round") {
        problems.push({
          line: rec.line,
          field: fieldOf(rec, "from"),
          message: {
            en: `is required for a ${v.kind} (only a funding_round may leave it null)`,
            ko: `${v.kind} 거래에는 꼭 있어야 합니다 (null은 funding_round에만 쓸 수 있습니다)`,
          },
        });
      }
      if (data) {
        const ids = this.opts.companyKeys;
        if (data.from !== null && ids?.get(data.from) !== data.from) this.names.add(data.from);
        if (ids?.get(data.to) !== data.to) this.names.add(data.to);
      } else {
        if (typeof v.from === "string" && v.from.trim()) this.stray(v.from.trim(), rec, "from");
        if (typeof v.to === "string" && v.to.trim()) this.stray(v.to.trim(), rec, "to");
      }
    }
    if (!data) return;
    this.observations.push(checked ?? normalise(data, data.from, data.to));
    // Flat lists rather than an object per observation: a large file holds them all until it is written.
    this.obsLines.push(rec.line);
    this.obsFields.push(rec.field);
    const at = rec.bodyAt !== undefined && checked !== null && bodyKept(rec.value, checked) ? rec.bodyAt : -1;
    this.bodies.push(at);
    if (at >= 0) this.anyBody = true;
  }

  private at(i: number): Pick<RawRecord, "line" | "field"> {
    const field = this.obsFields[i];
    return field ? { line: this.obsLines[i] as number, field } : { line: this.obsLines[i] as number };
  }

  private report(rec: RawRecord, error: z.ZodError): void {
    for (const issue of error.issues)
      this.problems.push({ line: rec.line, field: fieldOf(rec, issuePath(issue.path)), message: saidOfIssue(issue) });
  }

  private stray(name: string, rec: RawRecord, field: "from" | "to"): void {
    this.names.add(name);
    this.strays.push({ name, line: rec.line, field: fieldOf(rec, field), before: this.observations.length });
  }

  /** Reports every place an unknown name was written, in the order read. */
  private reportUnknown(unknown: Set<string>): void {
    const problem = (name: string, line: number, field: string) =>
      this.problems.push({
        line,
        field,
        message: {
          en: `unknown company "${name}" (not in the store or this file)`,
          ko: `알 수 없는 기업 "${name}" (저장소에도 이 파일에도 없습니다)`,
        },
        unknownCompany: name,
      });
    let s = 0;
    const straysBefore = (i: number) => {
      for (; s < this.strays.length && (this.strays[s]?.before ?? 0) <= i; s++) {
        const p = this.strays[s] as (typeof this.strays)[number];
        if (unknown.has(p.name)) problem(p.name, p.line, p.field);
      }
    };
    for (let i = 0; i < this.observations.length; i++) {
      straysBefore(i);
      const o = this.observations[i] as Observation;
      const at = this.at(i);
      if (o.from !== null && unknown.has(o.from)) problem(o.from, at.line, fieldOf(at, "from"));
      if (unknown.has(o.to)) problem(o.to, at.line, fieldOf(at, "to"));
    }
    straysBefore(Number.POSITIVE_INFINITY);
  }

  /** Look-up keys of the company names the deals use (to fetch from the store before `finish`). */
  nameKeys(): Set<string> {
    const keys = new Set<string>();
    for (const name of this.names) keys.add(aliasKey(name));
    return keys;
  }

  /** Company names met since `newNameKeys` last took them. */
  get newNames(): number {
    return this.names.size - this.taken;
  }

  /** Look-up keys of the names met since the last call. */
  newNameKeys(): string[] {
    // A Set's iterator goes on to what is added after it was made, so long as it is not run to its end.
    this.untaken ??= this.names.values();
    const keys: string[] = [];
    for (let n = this.newNames; n > 0; n--) keys.push(aliasKey(this.untaken.next().value as string));
    this.taken = this.names.size;
    return keys;
  }

  /** Resolves company names against the store's keys and the file's companies; checks amounts after FX. */
  finish(known: Known, bytes?: Buffer): { data: ImportData; problems: Problem[] } {
    const problems = this.problems;
    // The file's companies over the store's keys (which may hold more than this file needs, so are not copied):
    // a key another company already answers to stays with it, unless it is this company's id.
    const stored = known.companyKeys;
    const fileKeys = new Map<string, string>();
    for (const c of this.companies)
      for (const k of companyKeys(c)) if (k === c.id || !(stored.has(k) || fileKeys.has(k))) fileKeys.set(k, c.id);
    // Names written as some other company's name or alias, with the id each stands for. Most files name
    // companies by id: then no observation needs a look-up here.
    const renamed = new Map<string, string>();
    const unknown = new Set<string>();
    for (const name of this.names) {
      const key = aliasKey(name);
      const id = fileKeys.get(key) ?? stored.get(key);
      if (id === undefined) unknown.add(name);
      else if (id !== name) renamed.set(name, id);
    }
    if (unknown.size > 0) this.reportUnknown(unknown);
    const table = new FxTable([...known.fx, ...this.fx]);
    for (let i = 0; i < this.observations.length; i++) {
      const o = this.observations[i] as Observation;
      if (renamed.size > 0 && (renamed.has(o.to) || (o.from !== null && renamed.has(o.from)))) {
        if (o.from !== null) o.from = renamed.get(o.from) ?? o.from;
        o.to = renamed.get(o.to) ?? o.to;
        // The line named a company otherwise than by its id: the stored body names the id.
        if (this.anyBody) this.bodies[i] = -1;
      }
      const a = o.amount;
      if (!a || this.opts.allowImplausible) continue;
      const value = a.max ?? a.value;
      const usd = a.currency === "USD" ? value : table.toUsd(value, a.currency, o.observed_on);
      if (usd !== null && usd > IMPLAUSIBLE_USD) {
        const at = this.at(i);
        problems.push({
          line: at.line,
          field: fieldOf(at, "amount.value"),
          message: {
            en: `implausible for one deal: about USD ${(usd / 1e12).toFixed(1)} trillion (over 10 trillion); use --allow-implausible if it is right`,
            ko: `거래 하나로는 믿기 어려운 금액입니다: 약 ${formatUsd(usd, "ko")}로 10조 달러를 넘습니다. 맞는 금액이면 --allow-implausible을 붙이세요`,
          },
        });
      }
    }
    // Stable: within a line, problems keep the order they were found in.
    problems.sort((a, b) => a.line - b.line);
    const data: ImportData = {
      file: this.file,
      companies: this.companies,
      observations: this.observations,
      fx: this.fx,
      canonical: true,
    };
    if (this.anyBody && bytes) {
      data.bodies = this.bodies;
      data.bytes = bytes;
    }
    return { data, problems };
  }
}

/**
 * Whether the record's canonical line is the body of `checked`, the observation validation made of it. That
 * keeps every value of the line as it is but for a URL, which zod's check returns as it reads it.
 */
function bodyKept(value: unknown, checked: Observation): boolean {
  const url = checked.source?.url;
  return url === undefined || url === (value as { source: { url?: unknown } }).source.url;
}

/** Where field `f` of a record is, as its format names it (CSV column, JSON path). */
function fieldOf(rec: Pick<RawRecord, "field">, f: string): string {
  return rec.field ? rec.field(f) : f;
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
