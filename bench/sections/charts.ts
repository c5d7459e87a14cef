/** Bench: one money-flow chart, SVG layout and PNG rendering (issue 3 target: ≤ 300 ms per chart). */
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cycles, DealGraph, exposure, loadGraph } from "../../src/analytics/index.js";
import { chartInfoFromGraph } from "../../src/charts/chart-info.js";
import { buildCyclesSvg, buildExposureSvg, renderPng } from "../../src/charts/index.js";
import type { Company } from "../../src/domain/types.js";
import { openStore } from "../../src/store/db.js";
import { seedIfEmpty } from "../../src/store/seed.js";
import type { BenchContext, BenchSection } from "../section.js";
import { measure, ms } from "../stats.js";

const SAMPLE = fileURLToPath(new URL("../../data/ai-deals.sample.json", import.meta.url));
const TARGET_MS = 300;
const RUNS = 20;

/** A hub with 40 counterparties and dozens of loops: more than a chart draws, so the caps are exercised. */
function denseHub(): DealGraph {
  const companies: Company[] = [{ id: "hub", name: { en: "Hub", ko: "허브" }, aliases: [], role: "chipmaker" }];
  const deals = [];
  for (let i = 0; i < 40; i++) {
    companies.push({ id: `c${i}`, name: { en: `Company ${i}`, ko: `회사${i}` }, aliases: [], role: "cloud" });
    for (let k = 0; k < 3; k++) {
      deals.push({
        id: `p${i}-${k}`,
        kind: "purchase" as const,
        from: `c${i}`,
        to: "hub",
        amount: { value: (i + 1) * 1e9, currency: "USD", qualifier: "exact" as const },
        status: "announced" as const,
        observedOn: "2026-01-01",
      });
    }
    deals.push({
      id: `i${i}`,
      kind: "investment" as const,
      from: "hub",
      to: `c${i}`,
      amount: null,
      status: "reported" as const,
      observedOn: "2026-01-02",
    });
  }
  return DealGraph.fromData(companies, deals, []);
}

/** Times the SVG layout alone, then one whole chart: layout, font subset, rasterising and PNG encoding. */
function report(ctx: BenchContext, what: string, svg: () => string): void {
  const layout = measure(svg, RUNS, 3);
  const chart = measure(() => renderPng(svg()), RUNS, 3);
  ctx.log(
    `${what.padEnd(34)} layout p50 ${ms(layout.p50)} · chart p50 ${ms(chart.p50)} p99 ${ms(chart.p99)} ` +
      `${chart.p99 <= TARGET_MS ? "(ok" : "(OVER"}: ≤ ${TARGET_MS} ms)`,
  );
}

export const chartsSection: BenchSection = {
  name: "charts",
  title: "Money-flow charts (SVG layout + PNG render, one chart)",
  async run(ctx) {
    // Timings scale with CPU contention; print it so a slow figure can be read in context.
    ctx.log(`load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`);
    const store = await openStore({ dbPath: join(ctx.tmpDir, "charts-sample.db") });
    let graph: DealGraph;
    try {
      await seedIfEmpty(store, SAMPLE);
      graph = await loadGraph(store);
    } finally {
      await store.close();
    }
    for (const lang of ["ko", "en"] as const) {
      for (const company of ["nvidia", "openai"]) {
        const result = exposure(graph, company);
        const info = chartInfoFromGraph(graph, { company, cycles: result.cycles });
        report(ctx, `exposure ${company} (${lang}, sample)`, () => buildExposureSvg(result, info, lang));
      }
      const loops = cycles(graph);
      const info = chartInfoFromGraph(graph, { cycles: loops.cycles });
      report(ctx, `cycles (${lang}, sample)`, () => buildCyclesSvg(loops, info, lang));
    }
    const hub = denseHub();
    const result = exposure(hub, "hub");
    const info = chartInfoFromGraph(hub, { company: "hub", cycles: result.cycles });
    report(ctx, "exposure of a 40-counterparty hub", () => buildExposureSvg(result, info, "en"));
  },
};
