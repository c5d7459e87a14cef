/**
 * What the running bot shares between its platforms: the store (seeded when empty), the deal graph
 * kept current from the event log, and a company resolver rebuilt when companies change.
 */
import type { CommandServices } from "../commands/shared/run.js";
import { type DealGraph, loadGraph } from "./analytics/deal-graph.js";
import type { Config } from "./config.js";
import { CompanyResolver } from "./domain/company-resolver.js";
import type { Logger } from "./log.js";
import { openStore, type Store } from "./store/db.js";
import { latestSeq } from "./store/event-repository.js";
import { seedIfEmpty } from "./store/seed.js";

export interface AppContext extends CommandServices {
  store: Store;
  graph: DealGraph;
  config: Config;
  logger: Logger;
  /** Brings the graph (and the resolver) up to date with the store; cheap when nothing changed. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A full graph refresh reads every changed deal and the FX table; it runs when the event log moved,
 * and at least this often anyway (FX rates and company edits record no events).
 */
const FULL_REFRESH_EVERY_MS = 60_000;

export async function createAppContext(config: Config, logger: Logger): Promise<AppContext> {
  const store = await openStore({
    dbPath: config.dbPath,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  try {
    const seeded = await seedIfEmpty(store, config.samplePath);
    if (seeded) logger.info({ sample: config.samplePath }, "empty store seeded with the sample dataset");
  } catch (err) {
    logger.warn({ err }, "could not seed the empty store; starting without sample data");
  }
  // read before loading, so an event written meanwhile is picked up by the first refresh
  let lastEventSeq = await latestSeq(store.db);
  const graph = await loadGraph(store);
  let resolver = new CompanyResolver(graph.companies);
  let companyCount = graph.companies.length;
  let lastFullRefresh = Date.now();
  let pending: Promise<void> | null = null;

  // Concurrent callers share one refresh; a check with nothing new costs one indexed query.
  const refresh = async (): Promise<void> => {
    pending ??= (async () => {
      try {
        const seq = await latestSeq(store.db);
        if (seq === lastEventSeq && Date.now() - lastFullRefresh < FULL_REFRESH_EVERY_MS) return;
        await graph.refresh(store);
        lastEventSeq = seq;
        lastFullRefresh = Date.now();
        if (graph.companies.length !== companyCount) {
          resolver = new CompanyResolver(graph.companies);
          companyCount = graph.companies.length;
        }
      } finally {
        pending = null;
      }
    })();
    return pending;
  };

  return {
    store,
    graph,
    config,
    logger,
    get resolver() {
      return resolver;
    },
    refresh,
    close: () => store.close(),
  };
}
