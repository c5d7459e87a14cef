/** Facts of the sample's 2026 events (Jan 14 – Feb 4) for the LLM lead and grounding tests. */
import { readFileSync } from "node:fs";
import { type LeadFacts, leadFactsFrom } from "../../src/briefing/llm-lead.js";
import { CompanyResolver } from "../../src/domain/company-resolver.js";
import { FxTable, fxRatesFromPairs } from "../../src/domain/fx.js";
import type { Company, Deal, DealEvent, Observation } from "../../src/domain/types.js";

export const sample = JSON.parse(readFileSync(new URL("../../data/ai-deals.sample.json", import.meta.url), "utf8")) as {
  companies: Company[];
  deals: Observation[];
  fx: { on: string; pair: string; rate: number }[];
};
export const companies = new CompanyResolver(sample.companies);
export const fx = new FxTable(fxRatesFromPairs(sample.fx));

/** The deal's state as of its latest observation on or before `on`. */
export function dealAsOf(id: string, on = "9999-12-31"): Deal {
  const obs = sample.deals
    .filter((o) => o.deal === id && o.observed_on <= on)
    .sort((a, b) => a.observed_on.localeCompare(b.observed_on));
  const last = obs.at(-1);
  if (!last) throw new Error(`no observation of ${id}`);
  return {
    id,
    kind: last.kind,
    from: last.from,
    to: last.to,
    amount: last.amount,
    status: last.status,
    terms: last.terms,
    title: last.title ?? {},
    observedOn: last.observed_on,
    firstObservedOn: obs[0]?.observed_on ?? last.observed_on,
    sources: obs
      .reverse()
      .map((o) => ({ publisher: o.source?.publisher ?? "", lang: o.source?.lang, date: o.observed_on })),
  };
}

const at = "2026-02-05T00:00:00Z";
export const events2026: DealEvent[] = [
  {
    seq: 1,
    type: "deal_added",
    dealId: "openai-cerebras-chips",
    observedOn: "2026-01-14",
    old: null,
    new: dealAsOf("openai-cerebras-chips"),
    recordedAt: at,
  },
  {
    seq: 2,
    type: "status_changed",
    dealId: "nvidia-openai-10gw",
    observedOn: "2026-01-31",
    old: "announced",
    new: "stalled",
    recordedAt: at,
  },
  {
    seq: 3,
    type: "amount_changed",
    dealId: "nvidia-openai-10gw",
    observedOn: "2026-02-04",
    old: { value: 100e9, currency: "USD", qualifier: "up_to" },
    new: { value: 20e9, currency: "USD", qualifier: "exact" },
    recordedAt: at,
  },
];

export function sampleFacts(overrides: { titles?: Record<string, string> } = {}): LeadFacts {
  const deals = new Map<string, Deal>();
  for (const id of ["openai-cerebras-chips", "nvidia-openai-10gw", "openai-nvidia-systems"]) {
    const d = dealAsOf(id);
    const title = overrides.titles?.[id];
    deals.set(id, title ? { ...d, title: { en: title, ko: title } } : d);
  }
  return leadFactsFrom({
    events: events2026,
    deals,
    company: (id) => companies.get(id),
    fx,
    loops: [["nvidia", "openai", "nvidia"]],
    knownCompanies: sample.companies,
  });
}
