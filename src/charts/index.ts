/** Money-flow charts: pure SVG builders plus PNG rendering. */
import type { CyclesResult, ExposureResult } from "../analytics/types.js";
import type { Lang } from "../domain/types.js";
import { buildCyclesSvg, type CyclesChartOptions } from "./cycles-chart.js";
import { buildExposureSvg } from "./exposure-chart.js";
import { renderPng } from "./render.js";
import type { ChartGraphInfo } from "./types.js";

export { chartInfoFromGraph } from "./chart-info.js";
export { buildCyclesSvg, type CyclesChartOptions, planCycles } from "./cycles-chart.js";
export { buildExposureSvg, planExposure } from "./exposure-chart.js";
export { chartFontFiles, type RenderOptions, renderPng, renderPngAsync } from "./render.js";
export type { ChartDeal, ChartGraphInfo, ChartPlan } from "./types.js";

/** PNG of a company's exposure chart. */
export function renderExposureChart(result: ExposureResult, info: ChartGraphInfo, lang: Lang): Uint8Array {
  return renderPng(buildExposureSvg(result, info, lang));
}

/** PNG of the circular-deals chart (optionally only the loops through one company). */
export function renderCyclesChart(
  result: CyclesResult,
  info: ChartGraphInfo,
  lang: Lang,
  opts: CyclesChartOptions = {},
): Uint8Array {
  return renderPng(buildCyclesSvg(result, info, lang, opts));
}
