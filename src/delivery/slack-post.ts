/**
 * `chat.postMessage` as one JSON request on a keep-alive connection: the fan-out's hot path. The Web API
 * client spends several times the CPU of the request itself per call (form-encoding the blocks, which
 * triples Korean text on the wire, and building debug strings of body and answer even with debug off),
 * so messages go out here; everything else (history look-ups, uploads) stays on the client. Failures are
 * thrown in the client's error shapes, so `toSendError` reads both alike.
 *
 * A digest posts the same rendered part to many channels, so each part's fields are serialised once and
 * only the channel's own fields (channel, idempotency key, thread) are written per request.
 */

import http from "node:http";
import https from "node:https";
import type { SlackMessage } from "../platforms/slack/slack-renderer.js";

/** Message metadata event type that carries a post's idempotency key, for finding it again. */
export const METADATA_EVENT = "dealgraph_outbox";

export interface SlackPostOptions {
  token: string;
  /** Web API base ending in `/` (default `https://slack.com/api/`). */
  apiUrl?: string | null;
  timeoutMs?: number;
  /** Pooled keep-alive connections (default 256). */
  maxSockets?: number;
}

/** Where one part goes, and what makes this post of it unique. */
export interface PostTarget {
  channel: string;
  idempotencyKey: string;
  threadTs?: string;
  broadcast?: boolean;
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

export type SlackPost = (message: SlackMessage, target: PostTarget) => Promise<{ ts?: string }>;

export function createSlackPost(opts: SlackPostOptions): SlackPost {
  const base = opts.apiUrl ?? "https://slack.com/api/";
  const url = new URL(`${base}${base.endsWith("/") ? "" : "/"}chat.postMessage`);
  const secure = url.protocol === "https:";
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 256, scheduling: "lifo" as const };
  const agent = secure ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const auth = `Bearer ${opts.token}`;

  return (message, target) =>
    new Promise((resolve, reject) => {
      const body = postMessageBody(message, target);
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
          try {
            resolve(readAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          } catch (err) {
            reject(err);
          }
        });
      });
      req.end(body);
    });
}

interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

// The shared fields of a part, as the tail of a JSON object (`"text":…}`), keyed by the rendered part:
// every channel of a fan-out is handed the same part object.
const partFields = new WeakMap<SlackMessage, Buffer>();

/** The JSON body of `chat.postMessage` for one part to one channel. */
export function postMessageBody(m: SlackMessage, t: PostTarget): Buffer {
  let fields = partFields.get(m);
  if (!fields) {
    const json = JSON.stringify({ text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false });
    fields = Buffer.from(`,${json.slice(1)}`, "utf8");
    partFields.set(m, fields);
  }
  const own: Record<string, unknown> = {
    channel: t.channel,
    metadata: { event_type: METADATA_EVENT, event_payload: { key: t.idempotencyKey } },
  };
  if (t.threadTs) {
    own.thread_ts = t.threadTs;
    if (t.broadcast) own.reply_broadcast = true;
  }
  // One buffer, so headers and body leave in a single write.
  const head = JSON.stringify(own);
  const body = Buffer.allocUnsafe(Buffer.byteLength(head) - 1 + fields.length);
  const n = body.write(head.slice(0, -1), 0, "utf8");
  fields.copy(body, n);
  return body;
}

// Slack's answer to a post starts `{"ok":true,"channel":"…","ts":"…",` and then echoes the whole message,
// several KB of it; the usual shape is read from its first bytes, anything else is parsed in full.
const USUAL_ANSWER = /^\{"ok":true,"channel":"[^"\\]*","ts":"([0-9.]+)"/;

function readAnswer(answer: HttpAnswer): { ts?: string } {
  if (answer.status === 429) {
    const retryAfter = Number(answer.headers["retry-after"] ?? 1);
    throw new SlackPostError("rate limited", "slack_webapi_rate_limited_error", {
      retryAfter: Number.isFinite(retryAfter) ? retryAfter : 1,
    });
  }
  if (answer.status !== 200) {
    throw new SlackPostError(`HTTP ${answer.status}`, "slack_webapi_http_error", { statusCode: answer.status });
  }
  const usual = USUAL_ANSWER.exec(answer.body.toString("latin1", 0, 256));
  if (usual) return { ts: usual[1] as string };
  let data: { ok?: boolean; error?: string; ts?: unknown };
  try {
    // Read as Latin-1: the fields used here are ASCII, and Slack echoes the whole message back, whose
    // UTF-8 decoding would cost more than the rest of the answer (non-ASCII text comes out garbled, unused).
    data = JSON.parse(answer.body.toString("latin1")) as typeof data;
  } catch {
    // Slack answered 200 with something else: the message may well be posted.
    throw new Error("unreadable answer to chat.postMessage");
  }
  if (data.ok !== true) {
    const error = data.error ?? "unknown_error";
    throw new SlackPostError(`An API error occurred: ${error}`, "slack_webapi_platform_error", { data: { error } });
  }
  return typeof data.ts === "string" ? { ts: data.ts } : {};
}
