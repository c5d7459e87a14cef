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

/** Graph refreshes closer together than this reuse the last one (a burst of commands costs one query). */
const REFRESH_EVERY_MS = 500;

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
  const graph = await loadGraph(store);
  let resolver = new CompanyResolver(graph.companies);
  let companyCount = graph.companies.length;
  let lastRefresh = Date.now();
  let pending: Promise<void> | null = null;

  const refresh = async (): Promise<void> => {
    if (Date.now() - lastRefresh < REFRESH_EVERY_MS) return;
    pending ??= (async () => {
      try {
        await graph.refresh(store);
        if (graph.companies.length !== companyCount) {
          resolver = new CompanyResolver(graph.companies);
          companyCount = graph.companies.length;
        }
        lastRefresh = Date.now();
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
