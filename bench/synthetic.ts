/**
 * A synthetic deal graph shaped like the AI market: a handful of hubs (named after the real ones)
 * holding thousands of deals each, and a long tail of companies whose degrees follow a power law.
 * Written straight to import files (NDJSON chunks) and to a plain CSV of the same rows, so memory
 * stays flat whatever the size.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";

export const HUBS = ["nvidia", "openai", "microsoft", "oracle", "amd", "softbank", "coreweave", "broadcom"];
/** Share of deals with a hub at one end. */
const HUB_SHARE = 0.05;
const KINDS = ["investment", "purchase", "purchase", "purchase", "acquisition", "warrant", "loan", "partnership"];
const STATUSES = ["rumored", "reported", "announced", "announced", "signed", "signed", "completed", "stalled"];
const PUBLISHERS = ["Reuters", "Bloomberg", "WSJ", "CNBC", "연합뉴스", "한국경제", "The Information", "FT"];
export const KRW_RATE = 1400;
export const CHUNK = 100_000;

export interface SyntheticFiles {
  companiesFile: string;
  observationFiles: string[];
  csvFile: string;
  deals: number;
  observations: number;
  companies: number;
}

/** A small fast deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)] as T;

function dateFrom(r: number): string {
  const start = Date.UTC(2020, 0, 1);
  const span = Date.UTC(2026, 1, 1) - start;
  return new Date(start + Math.floor((r * span) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

async function close(w: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** Buffered line writer: one write call per few hundred lines. */
class Lines {
  private buf: string[] = [];
  constructor(readonly stream: WriteStream) {}
  async add(line: string): Promise<void> {
    this.buf.push(line);
    if (this.buf.length >= 512) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const ok = this.stream.write(`${this.buf.join("\n")}\n`);
    this.buf = [];
    if (!ok) await new Promise<void>((resolve) => this.stream.once("drain", () => resolve()));
  }
  async close(): Promise<void> {
    await this.flush();
    await close(this.stream);
  }
}

/** Writes `deals` deals (about 10% observed twice) as import files and a CSV under `dir`. */
export async function writeSynthetic(dir: string, deals: number, seed = 42): Promise<SyntheticFiles> {
  const rnd = rng(seed);
  const tail = Math.max(200, Math.floor(deals / 10));
  const tailId = (i: number) => `co-${i}`;
  // Power law over the tail: rank = tail · u^1.5, so low ranks are chosen far more often.
  const tailPick = () => tailId(Math.floor(tail * rnd() ** 1.5));
  // Hubs by Zipf: the first hub gets the most.
  const hubWeights = HUBS.map((_, i) => 1 / (i + 1));
  const hubTotal = hubWeights.reduce((a, b) => a + b, 0);
  const hubPick = () => {
    let r = rnd() * hubTotal;
    for (let i = 0; i < HUBS.length; i++) {
      r -= hubWeights[i] as number;
      if (r <= 0) return HUBS[i] as string;
    }
    return HUBS[0] as string;
  };

  const companiesFile = join(dir, "companies.ndjson");
  const companies = new Lines(createWriteStream(companiesFile));
  await companies.add(JSON.stringify({ type: "fx", on: "2020-01-01", pair: "USD/KRW", rate: KRW_RATE }));
  for (const id of HUBS) {
    await companies.add(JSON.stringify({ type: "company", id, name: { en: id, ko: id }, aliases: [], role: "hub" }));
  }
  for (let i = 0; i < tail; i++) {
    await companies.add(
      `{"type":"company","id":"${tailId(i)}","name":{"en":"Company ${i}","ko":"기업 ${i}"},"aliases":[],"role":"software"}`,
    );
  }
  await companies.close();

  const csvFile = join(dir, "observations.csv");
  const csv = new Lines(createWriteStream(csvFile));
  await csv.add("deal,observed_on,kind,from,to,amount,currency,qualifier,status,publisher");
  const observationFiles: string[] = [];
  let out: Lines | null = null;
  let inChunk = 0;
  let observations = 0;

  const emit = async (o: {
    deal: string;
    on: string;
    kind: string;
    from: string | null;
    to: string;
    value: number | null;
    currency: string;
    status: string;
    publisher: string;
  }) => {
    if (!out || inChunk >= CHUNK) {
      if (out) await out.close();
      const file = join(dir, `observations-${String(observationFiles.length).padStart(3, "0")}.ndjson`);
      observationFiles.push(file);
      out = new Lines(createWriteStream(file));
      inChunk = 0;
    }
    const amount = o.value === null ? "null" : `{"value":${o.value},"currency":"${o.currency}","qualifier":"exact"}`;
    const from = o.from === null ? "null" : `"${o.from}"`;
    await out.add(
      `{"type":"deal","deal":"${o.deal}","observed_on":"${o.on}","kind":"${o.kind}","from":${from},"to":"${o.to}","amount":${amount},"status":"${o.status}","source":{"publisher":"${o.publisher}"}}`,
    );
    await csv.add(
      `${o.deal},${o.on},${o.kind},${o.from ?? ""},${o.to},${o.value ?? ""},${o.value === null ? "" : o.currency},${o.value === null ? "" : "exact"},${o.status},${o.publisher}`,
    );
    inChunk++;
    observations++;
  };

  for (let d = 0; d < deals; d++) {
    let from: string | null;
    let to: string;
    let kind = pick(KINDS, rnd());
    if (rnd() < 0.03) {
      kind = "funding_round";
      from = null;
      to = tailPick();
    } else if (rnd() < HUB_SHARE) {
      const hub = hubPick();
      const other = tailPick();
      [from, to] = rnd() < 0.5 ? [hub, other] : [other, hub];
    } else {
      from = tailPick();
      do to = tailPick();
      while (to === from);
    }
    const krw = rnd() < 0.05;
    const usd = rnd() < 0.2 ? null : Math.round(10 ** (6 + rnd() * 4)); // $1M–$10B, 20% undisclosed
    const value = usd === null ? null : krw ? usd * KRW_RATE : usd;
    const on = dateFrom(rnd() * 0.9);
    const base = { deal: `d${d}`, kind, from, to, currency: krw ? "KRW" : "USD", publisher: pick(PUBLISHERS, rnd()) };
    await emit({ ...base, on, value, status: pick(STATUSES, rnd()) });
    if (rnd() < 0.1) {
      // A later report: revised, stalled or called off.
      const later = dateFrom(0.9 + rnd() * 0.1);
      const status = rnd() < 0.5 ? "cancelled" : pick(STATUSES, rnd());
      await emit({ ...base, on: later, value: value === null ? null : Math.round(value * 0.5), status });
    }
  }
  if (out) await (out as Lines).close();
  await csv.close();
  return { companiesFile, observationFiles, csvFile, deals, observations, companies: tail + HUBS.length };
}
