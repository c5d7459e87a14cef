/** The sample dataset loaded into the real in-memory deal graph, as chart tests' input. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cycles, DealGraph, type DealRecord, exposure } from "../../src/analytics/index.js";
import type { CyclesResult, ExposureResult } from "../../src/analytics/types.js";
import { chartInfoFromGraph } from "../../src/charts/chart-info.js";
import type { ChartGraphInfo } from "../../src/charts/types.js";
import { type FxPairEntry, fxRatesFromPairs } from "../../src/domain/fx.js";
import type { Company, Observation } from "../../src/domain/types.js";

interface SampleFile {
  companies: Company[];
  deals: (Observation & { source?: { publisher: string } })[];
  fx: FxPairEntry[];
}

const samplePath = fileURLToPath(new URL("../../data/ai-deals.sample.json", import.meta.url));

/** The deal graph of the sample: each deal at its latest observation. */
export function sampleGraph(): DealGraph {
  const sample = JSON.parse(readFileSync(samplePath, "utf8")) as SampleFile;
  const latest = new Map<string, Observation>();
  for (const o of sample.deals) {
    const prev = latest.get(o.deal);
    if (!prev || o.observed_on >= prev.observed_on) latest.set(o.deal, o);
  }
  const records: DealRecord[] = [...latest.values()].map((o) => ({
    id: o.deal,
    kind: o.kind,
    from: o.from,
    to: o.to,
    round: o.round ?? null,
    amount: o.amount,
    status: o.status,
    title: o.title ?? {},
    observedOn: o.observed_on,
    source: o.source ? { publisher: o.source.publisher, date: o.observed_on } : null,
  }));
  return DealGraph.fromData(sample.companies, records, fxRatesFromPairs(sample.fx));
}

export function sampleExposure(
  graph: DealGraph,
  company: string,
  includeCancelled = false,
): { result: ExposureResult; info: ChartGraphInfo } {
  const result = exposure(graph, company, { includeCancelled });
  return { result, info: chartInfoFromGraph(graph, { company, cycles: result.cycles }) };
}

export function sampleCycles(
  graph: DealGraph,
  opts: { includeCancelled?: boolean; company?: string } = {},
): { result: CyclesResult; info: ChartGraphInfo } {
  const result = cycles(graph, {
    includeCancelled: opts.includeCancelled ?? false,
    ...(opts.company ? { company: opts.company } : {}),
  });
  return { result, info: chartInfoFromGraph(graph, { cycles: result.cycles }) };
}
