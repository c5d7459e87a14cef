/** A bot's shared services on a temporary SQLite store seeded with the sample dataset, as `npm start` builds them. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppContext, createAppContext } from "../../src/app-context.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { SAMPLE_PATH } from "../helpers/store.js";

export interface SampleApp {
  app: AppContext;
  dir: string;
  close(): Promise<void>;
}

export async function sampleApp(env: Record<string, string> = {}): Promise<SampleApp> {
  const dir = mkdtempSync(join(tmpdir(), "dealgraph-platforms-"));
  const config = loadConfig({
    DEALGRAPH_DB: join(dir, "store.db"),
    DEALGRAPH_SAMPLE: SAMPLE_PATH,
    LOG_LEVEL: "silent",
    ...env,
  });
  const app = await createAppContext(config, silentLogger);
  return {
    app,
    dir,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
