/**
 * Sends a slash command to a bot's HTTP endpoint the way Slack does: a form POST signed with the
 * signing secret (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`), optionally marked as a retry.
 */
import { createHmac } from "node:crypto";

export interface SignedCommandOptions {
  /** Unix seconds; default now. A value 10 minutes old is refused by Bolt. */
  timestamp?: number;
  /** Sign with this secret instead (a wrong one is refused). */
  signWith?: string;
  /** Sets `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason: http_timeout`). */
  retryNum?: number;
  /** Path on the bot (default `/slack/events`). */
  path?: string;
}

export interface SlashFields {
  command: string;
  text?: string;
  user_id?: string;
  channel_id?: string;
  response_url: string;
  trigger_id?: string;
  [key: string]: string | undefined;
}

let seq = 0;

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** POSTs the command; resolves with the bot's HTTP status and body. */
export async function signedCommand(
  botUrl: string,
  secret: string,
  fields: SlashFields,
  opts: SignedCommandOptions = {},
): Promise<{ status: number; body: string }> {
  seq += 1;
  const form = new URLSearchParams({
    token: "legacy-verification-token",
    team_id: "T0001",
    team_domain: "dealgraph-test",
    channel_id: "C0001",
    channel_name: "deals",
    user_id: "U0001",
    user_name: "analyst",
    api_app_id: "A0001",
    is_enterprise_install: "false",
    trigger_id: `${Date.now()}.${seq}.trigger`,
    text: "",
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  } as Record<string, string>);
  const body = form.toString();
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(ts),
    "x-slack-signature": slackSignature(opts.signWith ?? secret, ts, body),
  };
  if (opts.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(opts.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const res = await fetch(`${botUrl.replace(/\/$/, "")}${opts.path ?? "/slack/events"}`, {
    method: "POST",
    headers,
    body,
  });
  return { status: res.status, body: await res.text() };
}
