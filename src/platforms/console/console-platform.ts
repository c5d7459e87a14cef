/**
 * The console platform: with no Slack or Discord token, commands are typed in the terminal
 * (`/exposure 엔비디아`) and answers print as plain text. With stdin not a terminal it reads
 * commands line by line until EOF, so `echo "/funding OpenAI" | npm start` works in scripts.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { type CommandServices, resolveLang, runCommand, userErrorMessage } from "../../../commands/shared/run.js";
import { allPictures, type NeutralMessage } from "../../briefing/message.js";
import { savePicture } from "../../delivery/console-sender.js";
import type { CommandDefinition } from "../command.js";
import { UserError } from "../command.js";
import { parseCommandText } from "../command-text.js";
import { renderText } from "../text-renderer.js";

export const CONSOLE_CHANNEL = { platform: "console" as const, id: "main", key: "console:main" };

export interface ConsoleOptions {
  services: CommandServices;
  commands: readonly CommandDefinition[];
  input?: Readable;
  output?: Writable;
  /** Interactive: prompt and a greeting. Default: whether input is a TTY. */
  interactive?: boolean;
}

export interface ConsolePlatform {
  /** Resolves when the input ends (EOF, Ctrl-D) or `close()` is called. */
  done: Promise<void>;
  /** Prints a message. */
  print(message: NeutralMessage): void;
  /** Prints text already rendered (digests and alerts for `console:main`), keeping the prompt usable. */
  write(text: string): void;
  close(): void;
}

export function startConsole(opts: ConsoleOptions): ConsolePlatform {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const interactive = opts.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({
    input,
    ...(interactive ? { output, terminal: true } : {}),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const write = (text: string) => output.write(text.endsWith("\n") ? text : `${text}\n`);
  const print = (message: NeutralMessage) => write(`${renderText(message)}\n`);
  const lang = opts.services.config.defaultLang;

  if (interactive) {
    write(
      lang === "ko"
        ? "dealgraph 콘솔입니다. `/exposure 엔비디아`처럼 명령을 입력하세요. 목록은 /help, 종료는 Ctrl-D."
        : "dealgraph console. Type a command such as `/exposure Nvidia`; /help lists them, Ctrl-D quits.",
    );
    // Ctrl-C ends the session like Ctrl-D (readline would otherwise only pause)
    rl.on("SIGINT", () => rl.close());
    rl.setPrompt("dealgraph> ");
    rl.prompt();
  }

  const handle = async (line: string) => {
    const text = line.trim();
    if (!text || text.startsWith("#")) return;
    const parsed = parseCommandText(opts.commands, text.startsWith("/") ? text : `/${text}`);
    const inv = { channel: CONSOLE_CHANNEL, user: { id: "console", isChannelManager: true } };
    if (!parsed.ok) {
      const l = await resolveLang({ ...inv, raw: {} }, opts.services);
      print(userErrorMessage(new UserError(parsed.error), l, parsed.usage));
      return;
    }
    const outcome = await runCommand(parsed.command, { ...inv, raw: parsed.raw }, opts.services);
    print(outcome.message);
    // No uploads here: an answer's pictures (the money-flow chart, the loops) are saved and their paths printed.
    for (const p of await allPictures(outcome.message))
      write(`${outcome.lang === "ko" ? "그림 파일" : "picture saved"}: ${savePicture(p)}\n\n`);
  };

  const done = (async () => {
    for await (const line of rl) {
      await handle(line);
      if (interactive) rl.prompt();
    }
  })();

  const writeOut = (text: string) => {
    write(text);
    if (interactive) rl.prompt(true);
  };
  return { done, print, write: writeOut, close: () => rl.close() };
}
