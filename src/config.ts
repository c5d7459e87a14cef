import { config as loadDotenv } from "dotenv";
import { IANAZone } from "luxon";
import { z } from "zod";
import { LANGS, type Lang } from "./domain/types.js";

export type Platform = "slack" | "discord" | "console";

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Set → Socket Mode; unset → HTTP mode on `port`. */
  appToken: string | null;
  /** Web API base for proxies and tests (e.g. `http://127.0.0.1:4000/api/`). */
  apiUrl: string | null;
  adminUsers: readonly string[];
  socketMode: boolean;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** Set → commands are registered in this guild only (instant); unset → globally. */
  guildId: string | null;
  /** REST base for proxies and tests (e.g. `http://127.0.0.1:4001/api`). */
  apiUrl: string | null;
}

export interface OpenAIConfig {
  apiKey: string;
  baseURL: string | null;
  model: string;
  timeoutMs: number;
}

export interface Config {
  dbPath: string;
  databaseUrl: string | null;
  defaultLang: Lang;
  defaultTz: string;
  port: number;
  slack: SlackConfig | null;
  discord: DiscordConfig | null;
  /** Null → digests go out template-only. */
  openai: OpenAIConfig | null;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  samplePath: string;
  alertPollMs: number;
  /** Alerts per minute per channel before they fold into one summary. */
  alertBurstLimit: number;
  digestCatchup: boolean;
  /** Channel key (`slack:C123`, `discord:987…`) told when the bot loses access to a channel; null → the log only. */
  adminChannel: string | null;
  /** Platforms that are on; `["console"]` when no platform is configured. */
  platforms: readonly Platform[];
}

/** A missing or malformed setting; the message is the one line to print. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Every variable the configuration reads (`.env.example` documents each). */
export const CONFIG_VARS = [
  "DEALGRAPH_DB",
  "DATABASE_URL",
  "DEFAULT_LANG",
  "DEFAULT_TZ",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_API_URL",
  "SLACK_ADMIN_USERS",
  "PORT",
  "DISCORD_TOKEN",
  "DISCORD_APPLICATION_ID",
  "DISCORD_GUILD_ID",
  "DISCORD_API_URL",
  "OPENAI_API_KEY",
  "OPENAI_BASE_URL",
  "OPENAI_MODEL",
  "OPENAI_TIMEOUT_MS",
  "LOG_LEVEL",
  "DEALGRAPH_SAMPLE",
  "ALERT_POLL_MS",
  "ALERT_BURST_LIMIT",
  "DIGEST_CATCHUP",
  "ADMIN_CHANNEL",
] as const;

/** Variables whose values must never appear in messages or logs. */
export const SECRET_VARS = [
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "DISCORD_TOKEN",
  "OPENAI_API_KEY",
  "DATABASE_URL",
];

const text = z.string().trim().min(1);
const int = (min: number, max: number) => {
  const msg = `a whole number from ${min} to ${max}`;
  return z.string().trim().regex(/^\d+$/, msg).transform(Number).pipe(z.number().min(min, msg).max(max, msg));
};
const url = z.url({ protocol: /^https?$/, error: "an http(s) URL" });
const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"]))
  .transform((v) => ["true", "1", "yes", "on"].includes(v));
const timeZone = text.refine((tz) => IANAZone.isValidZone(tz), "not a known IANA time zone");
const dbUrl = text.refine((v) => /^postgres(ql)?:\/\//.test(v), "a postgres:// or postgresql:// URL");

const HINTS: Record<string, string> = {
  DEFAULT_LANG: "ko or en",
  DEFAULT_TZ: "an IANA time zone such as Asia/Seoul",
  LOG_LEVEL: "fatal, error, warn, info, debug, trace or silent",
  DIGEST_CATCHUP: "true or false",
  ADMIN_CHANNEL: "a channel key such as slack:C0123ABCD or discord:123456789012345678",
};

type Env = Record<string, string | undefined>;

function read<T>(env: Env, name: string, schema: z.ZodType<T>, fallback?: T): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const shown = SECRET_VARS.includes(name) ? "" : ` (got "${raw}")`;
  const why = HINTS[name] ?? r.error.issues[0]?.message ?? "invalid";
  throw new ConfigError(`${name} is malformed: expected ${why}${shown}`);
}

function requireWith(env: Env, platform: string, needed: string[], because: string): void {
  const missing = needed.filter((n) => !env[n]?.trim());
  if (missing.length > 0)
    throw new ConfigError(`${missing.join(" and ")} must be set too: ${platform} is half-configured (${because})`);
}

function slackConfig(env: Env): SlackConfig | null {
  const keys = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"];
  const set = keys.filter((k) => env[k]?.trim());
  if (set.length === 0) return null;
  requireWith(env, "Slack", ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"], `${set.join(", ")} is set`);
  const appToken =
    read(
      env,
      "SLACK_APP_TOKEN",
      text.refine((v) => v.startsWith("xapp-"), "an app-level token starting with xapp-"),
    ) ?? null;
  return Object.freeze({
    botToken: read(env, "SLACK_BOT_TOKEN", text) as string,
    signingSecret: read(env, "SLACK_SIGNING_SECRET", text) as string,
    appToken,
    apiUrl: read(env, "SLACK_API_URL", url) ?? null,
    adminUsers: Object.freeze(
      (env.SLACK_ADMIN_USERS ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    socketMode: appToken !== null,
  });
}

function discordConfig(env: Env): DiscordConfig | null {
  const set = ["DISCORD_TOKEN", "DISCORD_APPLICATION_ID"].filter((k) => env[k]?.trim());
  if (set.length === 0) return null;
  requireWith(env, "Discord", ["DISCORD_TOKEN", "DISCORD_APPLICATION_ID"], `${set.join(", ")} is set`);
  const snowflake = text.regex(/^\d{5,25}$/, "a numeric Discord id");
  return Object.freeze({
    token: read(env, "DISCORD_TOKEN", text) as string,
    applicationId: read(env, "DISCORD_APPLICATION_ID", snowflake) as string,
    guildId: read(env, "DISCORD_GUILD_ID", snowflake) ?? null,
    apiUrl: read(env, "DISCORD_API_URL", url) ?? null,
  });
}

/** The OpenAI settings (`OPENAI_*`), or null without a key; a malformed one throws ConfigError. */
export function openaiConfig(env: Env): OpenAIConfig | null {
  const apiKey = read(env, "OPENAI_API_KEY", text);
  if (!apiKey) return null;
  return Object.freeze({
    apiKey,
    baseURL: read(env, "OPENAI_BASE_URL", url) ?? null,
    model: read(env, "OPENAI_MODEL", text, "gpt-4o-mini") as string,
    timeoutMs: read(env, "OPENAI_TIMEOUT_MS", int(100, 600_000), 20_000) as number,
  });
}

/**
 * Reads and validates the configuration. With `process.env` (the default) a `.env` file in the
 * working directory is loaded first; tests pass their own object. Throws ConfigError with one line.
 */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  if (env === process.env) loadDotenv({ quiet: true });
  const slack = slackConfig(env);
  const discord = discordConfig(env);
  const platforms: Platform[] = [];
  if (slack) platforms.push("slack");
  if (discord) platforms.push("discord");
  if (platforms.length === 0) platforms.push("console");
  const cfg: Config = {
    dbPath: read(env, "DEALGRAPH_DB", text, "./data/dealgraph.db") as string,
    databaseUrl: read(env, "DATABASE_URL", dbUrl) ?? null,
    defaultLang: read(env, "DEFAULT_LANG", z.enum(LANGS), "ko") as Lang,
    defaultTz: read(env, "DEFAULT_TZ", timeZone, "Asia/Seoul") as string,
    port: read(env, "PORT", int(1, 65535), 3000) as number,
    slack,
    discord,
    openai: openaiConfig(env),
    logLevel: read(
      env,
      "LOG_LEVEL",
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
      "info",
    ) as Config["logLevel"],
    samplePath: read(env, "DEALGRAPH_SAMPLE", text, "data/ai-deals.sample.json") as string,
    alertPollMs: read(env, "ALERT_POLL_MS", int(50, 3_600_000), 2000) as number,
    alertBurstLimit: read(env, "ALERT_BURST_LIMIT", int(1, 1000), 5) as number,
    digestCatchup: read(env, "DIGEST_CATCHUP", bool, true) as boolean,
    adminChannel: read(env, "ADMIN_CHANNEL", text.regex(/^(slack|discord|console):[^:\s]+$/)) ?? null,
    platforms: Object.freeze(platforms),
  };
  return Object.freeze(cfg);
}
