/**
 * `npm start`: config → store (seeded when empty) → deal graph → platforms → dispatcher → jobs.
 * Wiring only; stops cleanly on SIGINT/SIGTERM, and after the last piped console command.
 */
import pino from "pino";
import { commands } from "../commands/index.js";
import { type AppContext, createAppContext } from "./app-context.js";
import { exitQuietlyOnClosedPipe } from "./closed-pipe.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createConsoleSender } from "./delivery/console-sender.js";
import { createDispatcher, defaultSenders } from "./delivery/dispatcher.js";
import { startJobs } from "./jobs/index.js";
import { createLogger, type Logger } from "./log.js";
import { startConsole } from "./platforms/console/console-platform.js";
import { startDiscord } from "./platforms/discord/discord-platform.js";
import { startSlack } from "./platforms/slack/slack-platform.js";

interface Stoppable {
  stop(): Promise<void> | void;
}

async function main(): Promise<number> {
  exitQuietlyOnClosedPipe();
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

  running.push(startBackground(app, con ? (text) => con.write(text) : null));

  if (con) {
    await con.done;
    await shutdown("end of input");
    return 0;
  }
  logger.info({ platforms: config.platforms }, "dealgraph is running");
  return new Promise<number>(() => {});
}

/**
 * The dispatcher (outbox → platforms) and the jobs (digest schedules, alert polling). Each is guarded:
 * when one fails to start, the bot still answers commands and the log says what is off.
 */
function startBackground(app: AppContext, consoleWrite: ((text: string) => void) | null): Stoppable {
  const { store, graph, config, logger } = app;
  const stops: Stoppable[] = [];
  try {
    const dispatcher = createDispatcher({
      store,
      config,
      logger,
      options: { adminChannel: config.adminChannel },
      ...(consoleWrite ? { senders: { ...defaultSenders(config), console: createConsoleSender(consoleWrite) } } : {}),
    });
    dispatcher.start();
    stops.push(dispatcher);
    try {
      // jobs stop first (pushed last, stopped in reverse), so nothing is enqueued into a stopped dispatcher
      stops.push(startJobs({ store, graph, config, dispatcher, logger }));
    } catch (err) {
      logger.error({ err }, "scheduled digests and alerts are off: the jobs could not start");
    }
  } catch (err) {
    logger.error({ err }, "scheduled digests and alerts are off: the dispatcher could not start");
  }
  return {
    stop: async () => {
      for (const s of stops.reverse())
        await Promise.resolve(s.stop()).catch((err) => logger.warn({ err }, "stop failed"));
    },
  };
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`dealgraph: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
