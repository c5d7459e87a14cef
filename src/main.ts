/**
 * `npm start`: config → store (seeded when empty) → deal graph → platforms → dispatcher → jobs.
 * Wiring only; stops cleanly on SIGINT/SIGTERM, and after the last piped console command.
 */
import pino from "pino";
import { commands } from "../commands/index.js";
import { type AppContext, createAppContext } from "./app-context.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createLogger, type Logger } from "./log.js";
import { startConsole } from "./platforms/console/console-platform.js";
import { startDiscord } from "./platforms/discord/discord-platform.js";
import { startSlack } from "./platforms/slack/slack-platform.js";

interface Stoppable {
  stop(): Promise<void> | void;
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`dealgraph: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const consoleOnly = config.platforms.length === 1 && config.platforms[0] === "console";
  // In the console, stdout belongs to the answers; log lines go to stderr.
  const logger: Logger = createLogger({
    level: consoleOnly && config.logLevel === "info" ? "warn" : config.logLevel,
    ...(consoleOnly ? { destination: pino.destination(2) } : {}),
  });

  const app: AppContext = await createAppContext(config, logger);
  const running: Stoppable[] = [];
  let stopping: Promise<void> | null = null;
  const shutdown = (reason: string) =>
    (stopping ??= (async () => {
      logger.info({ reason }, "shutting down");
      for (const s of running.reverse()) {
        await Promise.resolve(s.stop()).catch((err) => logger.warn({ err }, "stop failed"));
      }
      await app.close().catch((err) => logger.warn({ err }, "store close failed"));
    })());

  process.once("SIGINT", () => void shutdown("SIGINT").then(() => process.exit(0)));
  process.once("SIGTERM", () => void shutdown("SIGTERM").then(() => process.exit(0)));

  if (config.slack) running.push(await startSlack({ app, commands, config: config.slack, port: config.port }));
  if (config.discord) running.push(await startDiscord({ app, commands, config: config.discord }));
  const con = consoleOnly ? startConsole({ services: app, commands }) : null;
  if (con) running.push({ stop: () => con.close() });

  running.push(await startBackground(app));

  if (con) {
    await con.done;
    await shutdown("end of input");
    return 0;
  }
  logger.info({ platforms: config.platforms }, "dealgraph is running");
  return new Promise<number>(() => {});
}

/**
 * The dispatcher (outbox → platforms) and the jobs (digest schedules, alert polling). Each is
 * optional at start: when its module fails to load or start, the bot still answers commands.
 */
async function startBackground(app: AppContext): Promise<Stoppable> {
  const { store, graph, config, logger } = app;
  const stops: Stoppable[] = [];
  try {
    const { createDispatcher } = (await import(DISPATCHER_MODULE)) as DispatcherModule;
    const dispatcher = createDispatcher({ store, config, logger });
    if (dispatcher.stop) stops.push({ stop: () => dispatcher.stop?.() });
    try {
      const { startJobs } = (await import(JOBS_MODULE)) as JobsModule;
      stops.push(await startJobs({ store, graph, config, dispatcher, logger }));
    } catch (err) {
      logger.error({ err }, "scheduled digests and alerts are off: the jobs could not start");
    }
  } catch (err) {
    logger.error({ err }, "scheduled digests and alerts are off: the dispatcher could not start");
  }
  return { stop: async () => void (await Promise.all(stops.map((s) => s.stop()))) };
}

// Loaded by name so that start-up survives a delivery or jobs module that fails to load.
const DISPATCHER_MODULE = "./delivery/dispatcher.js";
const JOBS_MODULE = "./jobs/index.js";
interface DispatcherModule {
  createDispatcher(opts: { store: AppContext["store"]; config: Config; logger: Logger }): { stop?(): Promise<void> | void };
}
interface JobsModule {
  startJobs(opts: {
    store: AppContext["store"];
    graph: AppContext["graph"];
    config: Config;
    dispatcher: unknown;
    logger: Logger;
  }): Promise<Stoppable> | Stoppable;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`dealgraph: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
