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
  dateOption,
  guarded,
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
    .description("print a digest of the deal events observed in a window (default: the last 24 hours)")
    .option("--lang <lang>", "ko or en (default: DEFAULT_LANG, else ko)")
    .option("--since <date>", "first observation date (2026-01-31, 2026년 1월 31일, 7d; default: yesterday)")
    .option("--until <date>", "last observation date (as --since; default: today)")
    .option("--format <format>", `${FORMATS.join(" | ")} (default: text)`)
    .option(
      "--db <path>",
      "SQLite file (default: DEALGRAPH_DB, else ./data/dealgraph.db; DATABASE_URL selects PostgreSQL)",
    )
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
