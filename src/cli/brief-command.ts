/**
 * `dealgraph brief`: the digest of the events whose observation date falls in a window, as each
 * platform would get it. Writes an LLM lead only when OPENAI_API_KEY is set.
 */
import type { Command } from "commander";
import type { NeutralMessage } from "../briefing/message.js";
import { ConfigError, type OpenAIConfig, openaiConfig } from "../config.js";
import { briefWindow, openaiLeadWriter, windowDigest } from "../jobs/digest-compose.js";
import { renderDiscord } from "../platforms/discord/discord-renderer.js";
import { renderMarkdown } from "../platforms/markdown-renderer.js";
import { renderSlack } from "../platforms/slack/slack-renderer.js";
import { renderText } from "../platforms/text-renderer.js";
import {
  CliUserError,
  CommonOptions,
  cliEnv,
  DB_HELP,
  dateOption,
  guarded,
  help,
  LANG_HELP,
  oneOf,
  parseOptions,
  say,
  withGraph,
} from "./cli-env.js";

export const FORMATS = ["text", "markdown", "slack", "discord"] as const;
export type BriefFormat = (typeof FORMATS)[number];

const BriefOptions = CommonOptions.pick({ lang: true, db: true }).extend({
  since: dateOption.optional(),
  until: dateOption.optional(),
  format: oneOf("--format", FORMATS).default("text"),
});

/** A message as the given platform would receive it: text for text/markdown, JSON for Slack and Discord. */
export function renderFor(format: BriefFormat, msg: NeutralMessage): string {
  switch (format) {
    case "text":
      return renderText(msg);
    case "markdown":
      return renderMarkdown(msg);
    case "slack":
      return `${JSON.stringify(renderSlack(msg), null, 2)}\n`;
    case "discord":
      return `${JSON.stringify(renderDiscord(msg), null, 2)}\n`;
  }
}

/** The OpenAI settings from the environment (as the bot reads them), or null: a template-only digest. */
function openaiFromEnv(): OpenAIConfig | null {
  try {
    return openaiConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliUserError(err.message);
    throw err;
  }
}

export function registerBriefCommand(program: Command): void {
  program
    .command("brief")
    .description(
      help(
        "print a digest of the deal events observed in a window (default: the last 24 hours)",
        "기간 안에 관측된 거래 소식을 브리핑으로 출력 (기본값: 최근 24시간)",
      ),
    )
    .option("--lang <lang>", LANG_HELP())
    .option(
      "--since <date>",
      help(
        "first observation date (2026-01-31, 2026년 1월 31일, 7d; default: yesterday)",
        "관측 시작일 (2026-01-31, 2026년 1월 31일, 7d. 기본값: 어제)",
      ),
    )
    .option(
      "--until <date>",
      help("last observation date (as --since; default: today)", "관측 종료일 (--since와 같은 형식. 기본값: 오늘)"),
    )
    .option(
      "--format <format>",
      help(`${FORMATS.join(" | ")} (default: text)`, `${FORMATS.join(" | ")} (기본값: text)`),
    )
    .option("--db <path>", DB_HELP())
    .action(
      guarded(async (raw: Record<string, unknown>) => {
        const o = parseOptions(BriefOptions, raw);
        const tz = cliEnv().DEFAULT_TZ ?? "Asia/Seoul";
        const now = new Date();
        const window = briefWindow({ since: o.since ?? null, until: o.until ?? null }, now, tz);
        if (window.since > window.until)
          throw new CliUserError(say("--since가 --until보다 늦습니다.", "--since must not be after --until"));
        const openai = openaiFromEnv();
        const out = await withGraph({ lang: o.lang, db: o.db }, async (s) => {
          const msg = await windowDigest({
            db: s.store.db,
            graph: s.graph,
            lang: s.lang,
            tz,
            now,
            window,
            lead: openai ? openaiLeadWriter(s.graph, openai) : undefined,
          });
          return renderFor(o.format, msg);
        });
        process.stdout.write(out);
      }),
    );
}
