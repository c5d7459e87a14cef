/** The project's sample dataset imported into a fresh in-memory store, with what briefings need. */
import { resolve } from "node:path";
import { loadGraph } from "../../src/analytics/deal-graph.js";
import type { NameLookup } from "../../src/briefing/templates.js";
import type { Deal, DealEvent } from "../../src/domain/types.js";
import { openStore } from "../../src/store/db.js";
import { listDeals } from "../../src/store/deal-repository.js";
import { eventsObservedBetween } from "../../src/store/event-repository.js";
import { seedIfEmpty } from "../../src/store/seed.js";

export const SAMPLE_PATH = resolve(import.meta.dirname, "../../data/ai-deals.sample.json");

export async function loadSample() {
  const store = await openStore({ dbPath: ":memory:" });
  await seedIfEmpty(store, SAMPLE_PATH);
  const graph = await loadGraph(store);
  const deals = new Map<string, Deal>((await listDeals(store.db, { includeCancelled: true })).map((d) => [d.id, d]));
  const byId = new Map(graph.companies.map((c) => [c.id, c]));
  const names: NameLookup = (id) => byId.get(id)?.name ?? { en: id, ko: id };
  const events = (since: string, until = "2026-12-31"): Promise<DealEvent[]> =>
    eventsObservedBetween(store.db, since, until);
  return { store, graph, deals, names, fx: graph.fx, events, close: () => store.close() };
}

export type Sample = Awaited<ReturnType<typeof loadSample>>;
