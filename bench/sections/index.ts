/**
 * The bench sections `npm run bench` runs, in order. Add a section by writing `bench/sections/<name>.ts`
 * exporting a `BenchSection` (see bench/section.ts) and listing it here.
 */
import type { BenchSection } from "../section.js";
import { alertsSection } from "./alerts.js";
import { briefingSection } from "./briefing.js";
import { chartsSection } from "./charts.js";
import { coreSection } from "./core.js";
import { deliverySection } from "./delivery.js";
import { slackSection } from "./slack.js";

export const sections: BenchSection[] = [
  coreSection,
  briefingSection,
  chartsSection,
  slackSection,
  alertsSection,
  deliverySection,
];
