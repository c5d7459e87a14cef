/**
 * A fake Slack Web API on 127.0.0.1 speaking the real wire format (form or JSON bodies, Bearer token),
 * so the real `@slack/web-api` / Bolt clients can be pointed at it with `slackApiUrl: fake.apiUrl`.
 * Any path outside `/api/` is treated as a `response_url` and its body lands in `posts`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * What a fake does instead of answering normally: an HTTP answer, a Slack error (`{ok:false,error}`),
 * or a dropped connection — `before` storing nothing, `after` accepting the message first.
 */
export type Fault =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { error: string }
  | { drop: "before" | "after" };

/** Faults queued per key, each used `times` times in order. */
export class FaultQueue {
  private readonly queues = new Map<string, Fault[]>();

  add(key: string, fault: Fault, times = 1): void {
    const q = this.queues.get(key) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.queues.set(key, q);
  }

  has(key: string): boolean {
    return (this.queues.get(key)?.length ?? 0) > 0;
  }

  /** The next fault for the first key that has one. */
  take(...keys: string[]): Fault | undefined {
    for (const key of keys) {
      const q = this.queues.get(key);
      if (q && q.length > 0) return q.shift();
    }
    return undefined;
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Answers JSON with a Content-Length, so head and body go out in one write. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body) ?? "";
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/**
 * Slack's answer to a JSON `chat.postMessage`, `{ok, channel, ts, message}`, whose message echoes the
 * posted fields. They are copied from the request's bytes (a fan-out posts thousands of KB-sized bodies;
 * serialising each again would make this fake, not the client under test, the slowest part).
 */
function echoPost(res: ServerResponse, channel: string, ts: string, raw: Buffer): void {
  const head = Buffer.from(
    `{"ok":true,"channel":${JSON.stringify(channel)},"ts":"${ts}","message":{"type":"message","user":"U0BOT","bot_id":"B0FAKE","ts":"${ts}",`,
  );
  const body = Buffer.concat([head, raw.subarray(1), Buffer.from("}")]);
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": String(body.length) });
  res.end(body);
}

/** Answers with an HTTP or Slack-error fault; a drop fault destroys the socket. */
export function answerFault(res: ServerResponse, fault: Fault): void {
  if ("drop" in fault) res.socket?.destroy();
  else if ("error" in fault) sendJson(res, 200, { ok: false, error: fault.error });
  else sendJson(res, fault.status, fault.body ?? {}, fault.headers);
}

/** Tracks open sockets so `close()` never waits on keep-alive connections. */
export function trackSockets(server: ReturnType<typeof createServer>): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return sockets;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  unfurl_links?: boolean;
  /** Files shared by this message (a completed upload). */
  files?: { id: string; name: string; title: string }[];
  bot_id: string;
  user: string;
  type: "message";
  /** `performance.now()` when the fake stored it. */
  at: number;
}

/** Everything that was posted: messages, edits and `response_url` bodies, in arrival order. */
export interface FakeSlackPost {
  method: "chat.postMessage" | "chat.update" | "response_url" | "chat.postEphemeral" | "files.completeUploadExternal";
  /** The response_url id (for `response_url`). */
  id?: string;
  channel?: string;
  ts?: string;
  body: Record<string, unknown>;
  at: number;
}

/** A file uploaded through `files.getUploadURLExternal` → upload URL → `files.completeUploadExternal`. */
export interface FakeSlackFile {
  id: string;
  name: string;
  title: string;
  bytes: Buffer;
  /** Set once the upload is completed (shared into a channel). */
  channel?: string;
  thread_ts?: string;
  /** ts of the message that shares it. */
  ts?: string;
}

export interface FakeSlackOptions {
  /** Only this bot token is accepted (default: any `xoxb-` token). */
  token?: string;
  /** Users for `users.info`; unknown users are plain members. */
  users?: Record<string, { is_admin?: boolean; is_owner?: boolean; name?: string }>;
  /**
   * Enforce Slack's per-channel posting limit: a second `chat.postMessage` to a channel sooner than
   * `intervalMs` after the last accepted one gets 429 with Retry-After (seconds, rounded up).
   */
  channelRateLimit?: { intervalMs: number };
  /** Called synchronously when a message is stored (before the answer is written). */
  onMessage?: (m: FakeSlackMessage) => void;
}

export interface FakeSlack {
  url: string;
  /** `url + "/api/"`, the `slackApiUrl` for clients. */
  apiUrl: string;
  posts: FakeSlackPost[];
  /** Every API call: method, parsed body, the time it arrived. */
  calls: { method: string; body: Record<string, unknown>; at: number }[];
  /** 429s the per-channel limit answered. */
  rateLimited: number;
  /** Request body bytes received on `/api/` (what clients put on the wire per call). */
  apiBytes: number;
  /** Uploaded files, in the order their upload URL was asked for; shared ones have a `channel`. */
  files: FakeSlackFile[];
  /** Queues a fault for an API method (`chat.postMessage`) or `response_url`. */
  fail(method: string, fault: Fault, times?: number): void;
  /**
   * A channel's posted messages, oldest first (thread replies included). File shares are left out here
   * (they are in `files`), though `conversations.history` lists them as Slack does.
   */
  history(channel: string): FakeSlackMessage[];
  /** A URL to hand out as a slash command's `response_url`. */
  responseUrl(id: string): string;
  /** Forgets everything recorded so far: messages, posts, calls, files, counts and the per-channel clocks. */
  clear(): void;
  close(): Promise<void>;
}

const JSON_FIELDS = ["blocks", "attachments", "metadata"];

function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (text.length === 0) return {};
  if (contentType?.includes("application/json")) return JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (JSON_FIELDS.includes(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // keep the raw string, as Slack would reject it later
      }
    }
    out[k] = v;
  }
  return out;
}

/** The bytes of an upload: raw, or the first file of a multipart form (as the Web API client sends it). */
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith("multipart/form-data")) return raw;
  const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  for (const [, v] of form) if (typeof v !== "string") return Buffer.from(await v.arrayBuffer());
  return Buffer.alloc(0);
}

/** The path of a request target (`/api/chat.postMessage?x=1` → `/api/chat.postMessage`). */
function pathOf(target: string): string {
  const q = target.indexOf("?");
  return q < 0 ? target : target.slice(0, q);
}

/** The fields of a stored message that come from a post's body. */
function postedFields(body: Record<string, unknown>): Partial<FakeSlackMessage> {
  const metadata = body.metadata as FakeSlackMessage["metadata"] | undefined;
  return {
    text: str(body.text) ?? "",
    ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
    ...(str(body.thread_ts) ? { thread_ts: str(body.thread_ts) } : {}),
    ...(truthy(body.reply_broadcast) ? { reply_broadcast: true } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

/** The top-level `channel` of a JSON body, read without parsing it (a string value holds no bare `"`). */
const CHANNEL_FIELD = /"channel":"([A-Za-z0-9_-]*)"/;

const truthy = (v: unknown) => v === true || v === "true" || v === "1" || v === 1;
const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? undefined : String(v));

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const faults = new FaultQueue();
  const messages: FakeSlackMessage[] = [];
  const posts: FakeSlackPost[] = [];
  const calls: FakeSlack["calls"] = [];
  const files = new Map<string, FakeSlackFile>();
  const lastPost = new Map<string, number>();
  let tsCounter = 0;
  let rateLimited = 0;
  const baseSeconds = Math.floor(Date.now() / 1000);
  const nextTs = () => `${baseSeconds + Math.floor(tsCounter / 1e6)}.${String(++tsCounter % 1e6).padStart(6, "0")}`;

  const store = (m: Omit<FakeSlackMessage, "at" | "bot_id" | "user" | "type">, body: Record<string, unknown>) => {
    const msg: FakeSlackMessage = { ...m, bot_id: "B0FAKE", user: "U0BOT", type: "message", at: performance.now() };
    messages.push(msg);
    posts.push({ method: "chat.postMessage", channel: msg.channel, ts: msg.ts, body, at: msg.at });
    const later = unparsed.get(body);
    if (later) later.msg = msg;
    opts.onMessage?.(msg);
    return msg;
  };

  // Slack runs elsewhere; this fake shares the machine with the client under test. So a JSON post (a
  // fan-out sends thousands) is answered from its channel alone, and its body is parsed when anything
  // first reads what was posted: `posts`, `calls`, `history`, or any other API call.
  const unparsed = new WeakMap<Record<string, unknown>, { raw: Buffer; msg?: FakeSlackMessage }>();
  const toParse: Record<string, unknown>[] = [];
  const parseLater = (raw: Buffer): Record<string, unknown> | null => {
    const channel = CHANNEL_FIELD.exec(raw.toString("latin1"))?.[1];
    if (!channel) return null;
    const body: Record<string, unknown> = { channel };
    unparsed.set(body, { raw });
    toParse.push(body);
    return body;
  };
  const settle = () => {
    for (const body of toParse.splice(0)) {
      const later = unparsed.get(body) as { raw: Buffer; msg?: FakeSlackMessage };
      const full = JSON.parse(later.raw.toString("utf8")) as Record<string, unknown>;
      if (full.channel !== body.channel)
        throw new Error(`fake Slack misread a post's channel: ${String(body.channel)}`);
      Object.assign(body, full);
      if (later.msg) Object.assign(later.msg, postedFields(full));
      unparsed.delete(body);
    }
  };

  const visible = (m: FakeSlackMessage, withMeta: boolean) => {
    const { at: _at, metadata, ...rest } = m;
    return withMeta && metadata ? { ...rest, metadata } : rest;
  };

  /** `raw` is the request's JSON body, which a post echoes back as its message. */
  async function api(
    method: string,
    body: Record<string, unknown>,
    req: IncomingMessage,
    res: ServerResponse,
    raw?: Buffer,
  ) {
    if (method !== "chat.postMessage") settle();
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : str(body.token);
    if (!token || (opts.token ? token !== opts.token : !token.startsWith("xox"))) {
      return sendJson(res, 200, { ok: false, error: token ? "invalid_auth" : "not_authed" });
    }
    const fault = faults.take(method);
    if (fault && !("drop" in fault && fault.drop === "after")) return answerFault(res, fault);
    const channel = str(body.channel) ?? "";

    switch (method) {
      case "auth.test":
        return sendJson(res, 200, {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake",
          user: "dealgraph",
          team_id: "T0FAKE",
          user_id: "U0BOT",
          bot_id: "B0FAKE",
        });
      case "chat.postMessage": {
        if (!channel) return sendJson(res, 200, { ok: false, error: "channel_not_found" });
        const limit = opts.channelRateLimit;
        const now = performance.now();
        if (limit) {
          const last = lastPost.get(channel);
          if (last !== undefined && now - last < limit.intervalMs) {
            rateLimited++;
            const wait = Math.max(1, Math.ceil((limit.intervalMs - (now - last)) / 1000));
            return sendJson(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(wait) });
          }
          lastPost.set(channel, now);
        }
        const msg = store({ channel, ts: nextTs(), text: "", ...postedFields(body) }, body);
        if (fault) return answerFault(res, fault);
        if (raw) return echoPost(res, channel, msg.ts, raw);
        return sendJson(res, 200, { ok: true, channel, ts: msg.ts, message: visible(msg, true) });
      }
      case "chat.postEphemeral": {
        posts.push({ method: "chat.postEphemeral", channel, body, at: performance.now() });
        if (fault) return answerFault(res, fault);
        return sendJson(res, 200, { ok: true, message_ts: nextTs() });
      }
      case "chat.update": {
        const ts = str(body.ts);
        const msg = messages.find((m) => m.channel === channel && m.ts === ts);
        if (!msg) return sendJson(res, 200, { ok: false, error: "message_not_found" });
        msg.text = str(body.text) ?? msg.text;
        if (Array.isArray(body.blocks)) msg.blocks = body.blocks;
        posts.push({ method: "chat.update", channel, ts: msg.ts, body, at: performance.now() });
        if (fault) return answerFault(res, fault);
        return sendJson(res, 200, { ok: true, channel, ts: msg.ts, text: msg.text });
      }
      case "conversations.history": {
        const withMeta = truthy(body.include_all_metadata);
        const limit = Number(body.limit ?? 100) || 100;
        const top = messages.filter((m) => m.channel === channel && (!m.thread_ts || m.reply_broadcast)).reverse();
        return sendJson(res, 200, {
          ok: true,
          messages: top.slice(0, limit).map((m) => visible(m, withMeta)),
          has_more: top.length > limit,
        });
      }
      case "conversations.replies": {
        const ts = str(body.ts);
        const withMeta = truthy(body.include_all_metadata);
        const thread = messages.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts));
        if (thread.length === 0) return sendJson(res, 200, { ok: false, error: "thread_not_found" });
        return sendJson(res, 200, { ok: true, messages: thread.map((m) => visible(m, withMeta)), has_more: false });
      }
      case "users.info": {
        const id = str(body.user) ?? "";
        const u = opts.users?.[id] ?? {};
        return sendJson(res, 200, {
          ok: true,
          user: { id, name: u.name ?? id.toLowerCase(), is_admin: !!u.is_admin, is_owner: !!u.is_owner, is_bot: false },
        });
      }
      case "files.getUploadURLExternal": {
        const id = `F${++tsCounter}`;
        const name = str(body.filename) ?? "";
        if (!name || !Number(body.length)) return sendJson(res, 200, { ok: false, error: "invalid_arguments" });
        files.set(id, { id, name, title: name, bytes: Buffer.alloc(0) });
        return sendJson(res, 200, { ok: true, upload_url: `${server.url}/upload/${id}`, file_id: id });
      }
      case "files.completeUploadExternal": {
        const target = str(body.channel_id) ?? "";
        const list =
          typeof body.files === "string"
            ? (JSON.parse(body.files) as { id: string; title?: string }[])
            : ((body.files as { id: string; title?: string }[]) ?? []);
        const done = list.map((f) => files.get(f.id));
        if (done.some((f) => !f || f.bytes.length === 0))
          return sendJson(res, 200, { ok: false, error: "file_not_found" });
        const threadTs = str(body.thread_ts);
        const shared: { id: string; name: string; title: string }[] = [];
        const ts = target ? nextTs() : undefined;
        for (const [i, f] of done.entries()) {
          if (!f) continue;
          f.title = list[i]?.title ?? f.name;
          if (target) Object.assign(f, { channel: target, ts, ...(threadTs ? { thread_ts: threadTs } : {}) });
          shared.push({ id: f.id, name: f.name, title: f.title });
        }
        if (target && ts) {
          const msg: FakeSlackMessage = {
            channel: target,
            ts,
            text: "",
            files: shared,
            ...(threadTs ? { thread_ts: threadTs } : {}),
            bot_id: "B0FAKE",
            user: "U0BOT",
            type: "message",
            at: performance.now(),
          };
          messages.push(msg);
          posts.push({ method: "files.completeUploadExternal", channel: target, ts, body, at: msg.at });
        }
        if (fault) return answerFault(res, fault);
        return sendJson(res, 200, { ok: true, files: shared });
      }
      default:
        return sendJson(res, 200, { ok: false, error: "unknown_method" });
    }
  }

  let apiBytes = 0;
  const http = createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      const path = pathOf(req.url ?? "/");
      if (path.startsWith("/api/")) {
        const method = path.slice(5);
        apiBytes += raw.length;
        const json = req.headers["content-type"]?.includes("application/json") && raw.length > 0;
        const deferrable =
          json &&
          method === "chat.postMessage" &&
          !opts.onMessage &&
          req.headers.authorization?.startsWith("Bearer ") &&
          !faults.has(method);
        const body = (deferrable && parseLater(raw)) || parseBody(raw, req.headers["content-type"]);
        calls.push({ method, body, at: performance.now() });
        return await api(method, body, req, res, json ? raw : undefined);
      }
      if (path.startsWith("/upload/")) {
        const file = files.get(path.slice(8));
        if (!file) return sendJson(res, 404, { ok: false, error: "upload_not_found" });
        file.bytes = await uploadedBytes(raw, req.headers["content-type"]);
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end("OK");
      }
      const id = decodeURIComponent(path.replace(/^\/+/, "").replace(/^response\//, ""));
      const fault = faults.take("response_url");
      if (fault && !("drop" in fault && fault.drop === "after")) return answerFault(res, fault);
      posts.push({
        method: "response_url",
        id,
        body: parseBody(raw, req.headers["content-type"]),
        at: performance.now(),
      });
      if (fault) return answerFault(res, fault);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    } catch (err) {
      sendJson(res, 500, { ok: false, error: "fatal_error", detail: String(err) });
    }
  });
  const sockets = trackSockets(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const server = { url };

  return {
    url,
    apiUrl: `${url}/api/`,
    get posts() {
      settle();
      return posts;
    },
    get calls() {
      settle();
      return calls;
    },
    get rateLimited() {
      return rateLimited;
    },
    get apiBytes() {
      return apiBytes;
    },
    get files() {
      return [...files.values()];
    },
    fail: (method, fault, times = 1) => faults.add(method, fault, times),
    history: (channel) => {
      settle();
      return messages.filter((m) => m.channel === channel && !m.files);
    },
    responseUrl: (id) => `${url}/response/${encodeURIComponent(id)}`,
    clear: () => {
      settle();
      for (const list of [messages, posts, calls]) list.length = 0;
      files.clear();
      lastPost.clear();
      rateLimited = 0;
      apiBytes = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        http.close(() => resolve());
      }),
  };
}
