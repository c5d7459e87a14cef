/**
 * `dealgraph brief`: the digest of the events whose observation date falls in a window, as each
 * platform would get it. Writes an LLM lead only when OPENAI_API_KEY is set.
 */
import type { Command } from "commander";
import { z } from "zod";
import { cycles } from "../analytics/cycles.js";
import { composeDigest, noNewsMessage } from "../briefing/digest.js";
import { leadFactsFrom, writeLead } from "../briefing/llm-lead.js";
import type { NeutralMessage } from "../briefing/message.js";
import { dateIn } from "../domain/dates.js";
import type { Deal, DealEvent, Lang } from "../domain/types.js";
import { renderDiscord } from "../platforms/discord/discord-renderer.js";
import { renderMarkdown } from "../platforms/markdown-renderer.js";
import { renderSlack } from "../platforms/slack/slack-renderer.js";
import { renderText } from "../platforms/text-renderer.js";
import { getDeal } from "../store/deal-repository.js";
import { eventsObservedBetween } from "../store/event-repository.js";
import { CliUserError, CommonOptions, cliEnv, dateOption, guarded, parseOptions, withGraph } from "./cli-env.js";

export const FORMATS = ["text", "markdown", "slack", "discord"] as const;
export type BriefFormat = (typeof FORMATS)[number];

const BriefOptions = CommonOptions.pick({ lang: true, db: true }).extend({
  since: dateOption.optional(),
  until: dateOption.optional(),
  format: z.enum(FORMATS, { error: `--format must be one of ${FORMATS.join(", ")}` }).default("text"),
});

const OpenAiEnv = z.object({
  OPENAI_API_KEY: z.string().trim().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
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

async function lead(
  lang: Lang,
  events: DealEvent[],
  deals: Map<string, Deal>,
  input: Omit<Parameters<typeof leadFactsFrom>[0], "events" | "deals">,
) {
  const raw = Object.fromEntries(Object.keys(OpenAiEnv.shape).map((k) => [k, process.env[k]?.trim() || undefined]));
  const env = OpenAiEnv.safeParse(raw);
  if (!env.success)
    throw new CliUserError(`OpenAI settings: ${env.error.issues[0]?.path.join(".")}: ${env.error.issues[0]?.message}`);
  if (!env.data.OPENAI_API_KEY) return null;
  const facts = leadFactsFrom({ events, deals, ...input });
  return writeLead(
    { lang, facts },
    {
      apiKey: env.data.OPENAI_API_KEY,
      baseURL: env.data.OPENAI_BASE_URL ?? null,
      model: env.data.OPENAI_MODEL,
      timeoutMs: env.data.OPENAI_TIMEOUT_MS,
    },
  );
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
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
        const today = new Date();
        const until = o.until ?? dateIn(today, tz);
        // A digest asked for up to a past date is dated that day.
        const now = o.until ? new Date(`${o.until}T12:00:00Z`) : today;
        const since = o.since ?? dateIn(new Date(today.getTime() - 24 * 3600_000), tz);
        if (since > until) throw new CliUserError("--since must not be after --until");
        const out = await withGraph({ lang: o.lang, db: o.db }, async (s) => {
          const events = await eventsObservedBetween(s.store.db, since, until);
          const laterEvents = o.until ? await eventsObservedBetween(s.store.db, nextDay(until), "9999-12-31") : [];
          const deals = new Map<string, Deal>();
          for (const id of new Set(events.map((e) => e.dealId))) {
            const d = await getDeal(s.store.db, id);
            if (d) deals.set(id, d);
          }
          const touched = cycles(s.graph, { maxLen: 4, limit: 1000 }).cycles;
          const written = await lead(s.lang, events, deals, {
            company: (id) => s.resolver.get(id),
            ...(s.answerContext.fx ? { fx: s.answerContext.fx } : {}),
            loops: touched.filter((c) => c.deals.some((d) => deals.has(d))).map((c) => c.path),
            knownCompanies: s.graph.companies,
          });
          const msg = composeDigest({
            events,
            deals,
            lang: s.lang,
            now,
            tz,
            cyclesTouched: touched,
            lead: written,
            names: s.answerContext.names,
            ...(s.answerContext.fx ? { fx: s.answerContext.fx } : {}),
            window: { since, until },
            laterEvents,
          });
          return renderFor(o.format, msg ?? noNewsMessage(s.lang, { since, until }));
        });
        process.stdout.write(out);
      }),
    );
}
