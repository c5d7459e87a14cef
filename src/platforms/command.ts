/**
 * The shape every slash command shares (commands/*.ts), whichever platform asked. A handler sees
 * only typed arguments and a `CommandContext`; it never knows whether Slack, Discord or the console
 * is on the other end.
 */
import type { z } from "zod";
import type { DealGraph } from "../analytics/deal-graph.js";
import type { NeutralMessage } from "../briefing/message.js";
import type { Config } from "../config.js";
import type { CompanyResolver } from "../domain/company-resolver.js";
import type { Company, Lang } from "../domain/types.js";
import type { Store } from "../store/db.js";

export type Localized = { en: string; ko: string };

/**
 * How an option's raw value (typed text, or a Discord option value) becomes typed:
 * `company` → Company (resolved through names and aliases), `date` → `YYYY-MM-DD`,
 * `money` → USD number, `integer` → number, `choice` → one of `choices`, `string` → trimmed text.
 */
export type OptionType = "string" | "company" | "date" | "integer" | "money" | "choice";

export interface CommandOption {
  name: string;
  type: OptionType;
  required?: boolean;
  description: Localized;
  /** Korean option name shown by Discord (`name_localizations.ko`); typed text accepts it too. */
  nameKo?: string;
  choices?: { value: string; label: Localized }[];
  /** How usage lines show the value (`Asia/Seoul`, `08:00|off`); default from the type. */
  placeholder?: string;
  min?: number;
  max?: number;
  /**
   * For a `string` option: whether words typed bare may be its value (text platforms: after the first
   * option, `/subscribe 엔비디아 loops`; as the first option's one word, `/digest 09:00 Asia/Seoul mon`).
   * Without it only `name:value` sets a string option after the first.
   */
  accepts?: (text: string) => boolean;
}

export interface CommandContext {
  store: Store;
  graph: DealGraph;
  resolver: CompanyResolver;
  /** The language of the answer, already resolved (option, channel, user locale, default). */
  lang: Lang;
  channel: { platform: "slack" | "discord" | "console"; id: string; key: string };
  user: { id: string; isChannelManager: boolean };
  now: Date;
  config: Config;
}

/** Typed option values by option name: Company, string, number. Absent options are absent. */
export type CommandArgs = Record<string, unknown>;

export interface CommandDefinition<A extends CommandArgs = CommandArgs> {
  name: string;
  /** Korean command name for Discord's `name_localizations` (lower case, no spaces). */
  nameKo?: string;
  description: Localized;
  /** Option order matters: the first is the positional one in the text form. */
  options: CommandOption[];
  /** Validates the typed arguments as a whole (cross-option rules, enum values). */
  schema: z.ZodType<A>;
  /** Changes channel settings: needs Manage Channels (Discord) or a workspace admin (Slack). */
  requiresChannelManager: boolean;
  /** Answers visible to the asker only (settings, help) rather than to the channel. */
  ephemeral?: boolean;
  handler(args: A, ctx: CommandContext): Promise<NeutralMessage>;
}

/** Erases the argument type so commands of different shapes fit one list. */
export function defineCommand<A extends CommandArgs>(def: CommandDefinition<A>): CommandDefinition {
  return def as unknown as CommandDefinition;
}

/**
 * A problem the user caused and can fix (unknown company, bad date, bad amount, missing rights).
 * The message is shown as is, in the asker's language; `suggestions` are offered as "did you mean".
 */
export class UserError extends Error {
  readonly text: Localized;
  readonly suggestions: Company[];
  readonly hint?: Localized;
  constructor(text: Localized, opts: { suggestions?: Company[]; hint?: Localized } = {}) {
    super(text.en);
    this.name = "UserError";
    this.text = text;
    this.suggestions = opts.suggestions ?? [];
    if (opts.hint) this.hint = opts.hint;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
