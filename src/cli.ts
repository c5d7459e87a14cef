/** The `dealgraph` CLI: wiring only. Each subcommand lives in src/cli/. */
import { Command } from "commander";
import { cliLang, help } from "./cli/cli-env.js";
import { commanderErrorKo } from "./cli/commander-errors.js";
import { registerDemoCommand } from "./cli/demo-command.js";
import { registerImportCommand } from "./cli/import-command.js";
import { registerQueryCommands } from "./cli/query-commands.js";
import { exitQuietlyOnClosedPipe } from "./closed-pipe.js";

exitQuietlyOnClosedPipe();

const QUICK = new Set(["import", "funding", "exposure", "cycles", "deals", "demo", "run"]);
const COMMANDS = new Set([...QUICK, "brief", "chart", "outbox"]);

const HELP_TITLES_KO: Record<string, string> = {
  "Usage:": "사용법:",
  "Arguments:": "인자:",
  "Options:": "옵션:",
  "Commands:": "명령:",
  "Global Options:": "공통 옵션:",
};

/** `funding ` when the command line names a command, for the pointer to its help. */
function helpTopic(word: string | undefined): string {
  return word && COMMANDS.has(word) ? `${word} ` : "";
}

const ko = cliLang() === "ko";
const program = new Command()
  .name("dealgraph")
  .description(
    help(
      "AI-market deals: funding, exposure and circular deals, in Korean and English",
      "AI 시장의 돈 흐름: 투자 유치, 기업별 노출, 순환 거래를 한국어와 영어로",
    ),
  )
  // Commander's usage errors in the answer's language; in Korean a pointer to the help, not the help.
  .configureOutput({ outputError: (text, write) => write(ko ? `${commanderErrorKo(text.trimEnd())}\n` : text) })
  .showHelpAfterError(ko ? `사용법: dealgraph ${helpTopic(process.argv[2])}--help` : true);
// Commander's own headings and entries in Korean too; commands added below inherit them.
if (ko) {
  program
    .configureHelp({ styleTitle: (title) => HELP_TITLES_KO[title] ?? title })
    .helpOption("-h, --help", "이 도움말 보기")
    .helpCommand("help [command]", "명령의 도움말 보기");
}

registerImportCommand(program);
registerQueryCommands(program);
registerDemoCommand(program);
program
  .command("run")
  .description(
    help(
      "start the bot (Slack, Discord, or the console when no token is set); same as npm start",
      "봇 시작 (Slack·Discord, 토큰이 없으면 콘솔). npm start와 같음",
    ),
  )
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
