/** The `dealgraph` CLI: wiring only. Each subcommand lives in src/cli/. */
import { Command } from "commander";
import { cliLang } from "./cli/cli-env.js";
import { commanderErrorKo } from "./cli/commander-errors.js";
import { registerDemoCommand } from "./cli/demo-command.js";
import { registerImportCommand } from "./cli/import-command.js";
import { registerQueryCommands } from "./cli/query-commands.js";
import { exitQuietlyOnClosedPipe } from "./closed-pipe.js";

exitQuietlyOnClosedPipe();

const QUICK = new Set(["import", "funding", "exposure", "cycles", "deals", "demo", "run"]);
const COMMANDS = new Set([...QUICK, "brief", "chart", "outbox"]);

/** `funding ` when the command line names a command, for the pointer to its help. */
function helpTopic(word: string | undefined): string {
  return word && COMMANDS.has(word) ? `${word} ` : "";
}

const ko = cliLang() === "ko";
const program = new Command()
  .name("dealgraph")
  .description("AI-market deals: funding, exposure and circular deals, in Korean and English")
  // Commander's usage errors in the answer's language; in Korean a pointer to the (English) help, not the help.
  .configureOutput({ outputError: (text, write) => write(ko ? `${commanderErrorKo(text.trimEnd())}\n` : text) })
  .showHelpAfterError(ko ? `사용법: dealgraph ${helpTopic(process.argv[2])}--help` : true);

registerImportCommand(program);
registerQueryCommands(program);
registerDemoCommand(program);
program
  .command("run")
  .description("start the bot (Slack, Discord, or the console when no token is set); same as npm start")
  .action(async () => {
    await import("./main.js");
  });

// The briefing, chart and outbox commands pull in heavy modules (PNG rendering, templates, the LLM client):
// load them only when the command line may need them, so the quick queries start fast.
if (!QUICK.has(process.argv[2] ?? "")) {
  const [{ registerBriefCommand }, { registerChartCommand }, { registerOutboxCommand }] = await Promise.all([
    import("./cli/brief-command.js"),
    import("./cli/chart-command.js"),
    import("./cli/outbox-command.js"),
  ]);
  registerBriefCommand(program);
  registerChartCommand(program);
  registerOutboxCommand(program);
}

await program.parseAsync(process.argv);
