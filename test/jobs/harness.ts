/** Shared set-up for the jobs tests: a store with the sample data, its graph, a fake clock and outbox reads. */
import { pino } from "pino";
import type { DealGraph } from "../../src/analytics/deal-graph.js";
import { loadGraph } from "../../src/analytics/deal-graph.js";
import type { Config } from "../../src/config.js";
import { listOutbox, loadMessage } from "../../src/delivery/outbox.js";
import type { Observation } from "../../src/domain/types.js";
import { applyImport } from "../../src/import/apply.js";
import { parseImportFile } from "../../src/import/parse.js";
import type { ImportData } from "../../src/import/types.js";
import type { Clock } from "../../src/jobs/clock.js";
import { type Jobs, startJobs } from "../../src/jobs/index.js";
import type { Store } from "../../src/store/db.js";
import { SAMPLE_PATH } from "../helpers/store.js";

export class FakeClock implements Clock {
  private t: number;
  constructor(iso: string) {
    this.t = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const silentLogger = pino({ level: "silent" });

type JobsConfig = Pick<
  Config,
  "alertPollMs" | "alertBurstLimit" | "digestCatchup" | "defaultLang" | "databaseUrl" | "openai"
>;

export const testConfig: JobsConfig = {
  alertPollMs: 1000,
  alertBurstLimit: 5,
  digestCatchup: true,
  defaultLang: "en",
  databaseUrl: null,
  openai: null,
};

/** The sample dataset, parsed; `without` holds deal ids (or `deal@observed_on`) kept back for a later import. */
export async function sampleData(without: string[] = []): Promise<{ kept: ImportData; held: ImportData }> {
  const parsed = await parseImportFile(SAMPLE_PATH, {});
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const isHeld = (o: Observation) => without.includes(o.deal) || without.includes(`${o.deal}@${o.observed_on}`);
  const data = parsed.data;
  return {
    kept: { ...data, observations: data.observations.filter((o) => !isHeld(o)) },
    held: { ...data, companies: [], fx: [], observations: data.observations.filter(isHeld) },
  };
}

/** Imports observations as any writer would (through the importer). */
export async function importObservations(store: Store, observations: Observation[]): Promise<void> {
  await applyImport(store, { file: "test", companies: [], fx: [], observations });
}

export function observation(o: Partial<Observation> & Pick<Observation, "deal" | "from" | "to">): Observation {
  return {
    observed_on: "2026-03-01",
    kind: "investment",
    amount: { value: 5e9, currency: "USD", qualifier: "exact" },
    status: "announced",
    title: { en: `Deal ${o.deal}` },
    source: { publisher: "Reuters" },
    ...o,
  };
}

export interface Harness {
  graph: DealGraph;
  jobs: Jobs;
  clock: FakeClock;
  dispatcherWakes: number;
}

/** Jobs on `store` with no timers: the test drives them through `runDue` and `pollNow`. */
export async function startTestJobs(
  store: Store,
  clock: FakeClock,
  config: Partial<JobsConfig> = {},
  options: { alertBatchSize?: number } = {},
): Promise<Harness> {
  const graph = await loadGraph(store);
  const h: Harness = { graph, clock, dispatcherWakes: 0, jobs: undefined as unknown as Jobs };
  h.jobs = startJobs({
    store,
    graph,
    config: { ...testConfig, ...config },
    dispatcher: { notify: () => void h.dispatcherWakes++ },
    logger: silentLogger,
    clock,
    timers: false,
    ...options,
  });
  return h;
}

export interface OutboxView {
  key: string;
  channel: string;
  kind: string;
  summary: string;
  text: string;
  threadKey: string | null;
  broadcast: boolean;
  watermarkSeq: number | null;
}

export async function outbox(store: Store, keyPrefix = ""): Promise<OutboxView[]> {
  const rows = (await listOutbox(store.db)).filter((r) => r.key.startsWith(keyPrefix));
  const views: OutboxView[] = [];
  for (const r of rows) {
    const message = await loadMessage(store.db, r.messageHash);
    views.push({
      key: r.key,
      channel: r.channel,
      kind: r.kind,
      summary: message.summary,
      text: JSON.stringify(message.blocks),
      threadKey: r.threadKey,
      broadcast: r.broadcast,
      watermarkSeq: r.watermarkSeq,
    });
  }
  return views;
}

/** Re-reads `probe` until `ok` holds or `waitMs` passes; returns the last value read. */
export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, waitMs = 10_000): Promise<T> {
  const end = Date.now() + waitMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
