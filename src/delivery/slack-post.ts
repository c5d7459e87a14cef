/**
 * `chat.postMessage` as one JSON request on a keep-alive connection: the fan-out's hot path. The Web API
 * client spends several times the CPU of the request itself per call (form-encoding the blocks, which
 * triples Korean text on the wire, and building debug strings of body and answer even with debug off),
 * so messages go out here; everything else (history look-ups, uploads) stays on the client. Failures are
 * thrown in the client's error shapes, so `toSendError` reads both alike.
 */
import http from "node:http";
import https from "node:https";

export interface SlackPostOptions {
  token: string;
  /** Web API base ending in `/` (default `https://slack.com/api/`). */
  apiUrl?: string | null;
  timeoutMs?: number;
  /** Pooled keep-alive connections (default 256). */
  maxSockets?: number;
}

/** An error carrying the Web API client's `code` (and its fields), e.g. `slack_webapi_platform_error`. */
export class SlackPostError extends Error {
  override name = "SlackPostError";
  constructor(
    message: string,
    readonly code: string,
    readonly extra: { retryAfter?: number; statusCode?: number; data?: { error?: string } } = {},
  ) {
    super(message);
    Object.assign(this, extra);
  }
}

export type SlackPost = (args: object) => Promise<{ ts?: string }>;

export function createSlackPost(opts: SlackPostOptions): SlackPost {
  const base = opts.apiUrl ?? "https://slack.com/api/";
  const url = new URL(`${base}${base.endsWith("/") ? "" : "/"}chat.postMessage`);
  const secure = url.protocol === "https:";
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 256, scheduling: "lifo" as const };
  const agent = secure ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const auth = `Bearer ${opts.token}`;

  return (args) =>
    new Promise((resolve, reject) => {
      const body = Buffer.from(JSON.stringify(args), "utf8");
      const req = (secure ? https : http).request(url, {
        method: "POST",
        agent,
        timeout: timeoutMs,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-length": String(body.length),
          authorization: auth,
        },
      });
      req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on("error", reject);
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status === 429) {
            const retryAfter = Number(res.headers["retry-after"] ?? 1);
            return reject(
              new SlackPostError("rate limited", "slack_webapi_rate_limited_error", {
                retryAfter: Number.isFinite(retryAfter) ? retryAfter : 1,
              }),
            );
          }
          if (status !== 200) {
            return reject(new SlackPostError(`HTTP ${status}`, "slack_webapi_http_error", { statusCode: status }));
          }
          let data: { ok?: boolean; error?: string; ts?: string };
          try {
            data = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof data;
          } catch {
            // Slack answered 200 with something else: the message may well be posted.
            return reject(new Error("unreadable answer to chat.postMessage"));
          }
          if (data.ok !== true) {
            const error = data.error ?? "unknown_error";
            return reject(
              new SlackPostError(`An API error occurred: ${error}`, "slack_webapi_platform_error", { data: { error } }),
            );
          }
          resolve(data);
        });
      });
      req.end(body);
    });
}
