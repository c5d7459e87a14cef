import { type DestinationStream, type Logger, pino, stdSerializers } from "pino";

export type { Logger };

const SECRET_KEYS = [
  "token",
  "botToken",
  "appToken",
  "signingSecret",
  "apiKey",
  "secret",
  "password",
  "authorization",
  "Authorization",
  "databaseUrl",
  "DATABASE_URL",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "DISCORD_TOKEN",
  "OPENAI_API_KEY",
];

/** Paths redacted at the top level and up to three levels down (`config.slack.botToken`, `req.headers.authorization`). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]);

const TOKEN_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user tokens
  /\bxapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI keys
  /\b[MN][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}/g, // Discord bot tokens
  /(?<=\/\/[^:/@\s]+:)[^@\s]+(?=@)/g, // passwords in URLs (postgres://user:PASSWORD@host)
];

/** Removes anything that looks like a token or a URL password from free text (error messages, stacks). */
export function scrubSecrets(text: string): string {
  return TOKEN_PATTERNS.reduce((t, re) => t.replace(re, "[Redacted]"), text);
}

function errSerializer(err: unknown): unknown {
  const base = stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!base || typeof base !== "object") return base;
  const out: Record<string, unknown> = { ...base };
  for (const k of ["message", "stack"]) if (typeof out[k] === "string") out[k] = scrubSecrets(out[k] as string);
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream to read them back. */
  destination?: DestinationStream;
  name?: string;
}

/** The project's pino logger: JSON lines, secret fields redacted, tokens scrubbed from errors. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = {
    name: opts.name ?? "dealgraph",
    level: opts.level ?? "info",
    redact: { paths: REDACT_PATHS, censor: "[Redacted]" },
    serializers: { err: errSerializer, error: errSerializer },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger that drops everything (for tests and library callers that pass none). */
export const silentLogger: Logger = pino({ level: "silent" });
