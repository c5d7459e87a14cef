/**
 * A fake Discord on 127.0.0.1: REST under `/api/v10` and a WebSocket gateway, enough for discord.js
 * `REST` (`{ api: fake.apiUrl }`) and `Client` (`rest: { api: fake.apiUrl }`) to run against it.
 * Rate-limit headers are always sent; per-route and global limits are enforced when asked.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { answerFault, type Fault, FaultQueue, readBody, sendJson, trackSockets } from "./slack.js";

export type { Fault } from "./slack.js";

export interface FakeDiscordRequest {
  method: string;
  /** Decoded path below `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** Route key with ids replaced, e.g. `POST /channels/:id/messages`. */
  route: string;
  body: unknown;
  /** Number of files in a multipart body. */
  files: number;
  /** The file parts of a multipart body, in order. */
  fileParts: FakeDiscordFilePart[];
  at: number;
}

/** One file part of a multipart request (`files[0]`, …). */
export interface FakeDiscordFilePart {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface FakeDiscordMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  nonce?: string | number;
  allowed_mentions?: unknown;
  message_reference?: { message_id: string; channel_id?: string; fail_if_not_exists?: boolean };
  /** `webhook` for interaction replies and edits. */
  source: "channel" | "interaction" | "webhook";
  /** Files sent with the message. */
  attachments: FakeDiscordFilePart[];
  edits: number;
  at: number;
}

export interface FakeDiscordOptions {
  /** Enforce a per-route bucket (per channel for channel routes): `limit` requests per `resetAfterMs`. */
  routeLimit?: { limit: number; resetAfterMs: number };
  /** Enforce a global limit of this many requests per second (Discord: 50). */
  globalPerSecond?: number;
  /** How long a `nonce` with `enforce_nonce` returns the original message (default 5 minutes). */
  nonceWindowMs?: number;
  /** Called synchronously when a channel message is stored (before the answer is written). */
  onMessage?: (m: FakeDiscordMessage) => void;
  applicationId?: string;
}

export interface FakeDiscord {
  url: string;
  /** `url + "/api"`, the `api` option for discord.js REST. */
  apiUrl: string;
  requests: FakeDiscordRequest[];
  messages: FakeDiscordMessage[];
  /** Registered command payloads keyed `global` or `guild:{id}`. */
  commands: Map<string, unknown>;
  /** 429s the enforced limits answered. */
  rateLimited: number;
  /** Queues a fault for a route key (`POST /channels/:id/messages`) or a concrete one (`POST /channels/123/messages`). */
  fail(routeKey: string, fault: Fault, times?: number): void;
  /** Dispatches INTERACTION_CREATE to every connected gateway client. */
  interaction(d: Record<string, unknown>): void;
  /** Gateway clients that sent identify. */
  readonly identified: number;
  close(): Promise<void>;
}

const BUCKET_TEMPLATES: [RegExp, string][] = [
  [/^\/channels\/\d+\/messages\/\d+$/, "/channels/:id/messages/:id"],
  [/^\/channels\/\d+\/messages$/, "/channels/:id/messages"],
  [/^\/interactions\/[^/]+\/[^/]+\/callback$/, "/interactions/:id/:token/callback"],
  [/^\/webhooks\/[^/]+\/[^/]+\/messages\/[^/]+$/, "/webhooks/:app/:token/messages/:id"],
  [/^\/webhooks\/[^/]+\/[^/]+$/, "/webhooks/:app/:token"],
  [/^\/applications\/[^/]+\/guilds\/[^/]+\/commands$/, "/applications/:app/guilds/:guild/commands"],
  [/^\/applications\/[^/]+\/commands$/, "/applications/:app/commands"],
];

function template(path: string): string {
  for (const [re, t] of BUCKET_TEMPLATES) if (re.test(path)) return t;
  return path;
}

async function parseBody(
  req: IncomingMessage,
  raw: Buffer,
): Promise<{ body: unknown; files: number; fileParts: FakeDiscordFilePart[] }> {
  const type = req.headers["content-type"] ?? "";
  if (raw.length === 0) return { body: undefined, files: 0, fileParts: [] };
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": type } }).formData();
    const fileParts: FakeDiscordFilePart[] = [];
    let body: unknown;
    for (const [k, v] of form) {
      if (k === "payload_json" && typeof v === "string") body = JSON.parse(v);
      else if (typeof v !== "string") {
        const bytes = Buffer.from(await v.arrayBuffer());
        fileParts.push({ field: k, filename: v.name, contentType: v.type, bytes });
      }
    }
    return { body, files: fileParts.length, fileParts };
  }
  return { body: JSON.parse(raw.toString("utf8")), files: 0, fileParts: [] };
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const appId = opts.applicationId ?? "100000000000000001";
  const faults = new FaultQueue();
  const requests: FakeDiscordRequest[] = [];
  const messages: FakeDiscordMessage[] = [];
  const commands = new Map<string, unknown>();
  const nonces = new Map<string, { message: FakeDiscordMessage; at: number }>();
  const buckets = new Map<string, { used: number; resetAt: number }>();
  let globalWindow = { start: 0, count: 0 };
  let rateLimited = 0;
  let nextId = 1_200_000_000_000_000_000n;
  const snowflake = () => String(nextId++);
  let url = "";

  const toWire = (m: FakeDiscordMessage) => ({
    id: m.id,
    type: m.message_reference ? 19 : 0,
    channel_id: m.channel_id,
    content: m.content,
    embeds: m.embeds,
    attachments: m.attachments.map((a, i) => ({
      id: `${m.id}${i}`,
      filename: a.filename,
      size: a.bytes.length,
      content_type: a.contentType,
      url: `${url}/attachments/${m.channel_id}/${m.id}/${a.filename}`,
      proxy_url: `${url}/attachments/${m.channel_id}/${m.id}/${a.filename}`,
    })),
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: m.edits > 0 ? new Date().toISOString() : null,
    flags: 0,
    components: [],
    author: { id: appId, username: "dealgraph", discriminator: "0", avatar: null, bot: true, global_name: null },
    ...(m.nonce !== undefined ? { nonce: m.nonce } : {}),
    ...(m.message_reference ? { message_reference: m.message_reference } : {}),
  });

  /** Rate-limit headers for this request; a 429 answer when an enforced limit is exceeded. */
  function limits(
    route: string,
    path: string,
  ): { headers: Record<string, string>; limited?: { retryAfter: number; global: boolean } } {
    const now = performance.now();
    if (opts.globalPerSecond) {
      if (now - globalWindow.start >= 1000) globalWindow = { start: now, count: 0 };
      if (++globalWindow.count > opts.globalPerSecond) {
        const retryAfter = Math.max(0.001, (1000 - (now - globalWindow.start)) / 1000);
        return {
          headers: { "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
          limited: { retryAfter, global: true },
        };
      }
    }
    const major = /^\/(channels|webhooks|guilds)\/(\d+|[^/]+)/.exec(path)?.[2] ?? "";
    const bucketHash = createHash("sha1").update(route).digest("hex").slice(0, 16);
    const limit = opts.routeLimit?.limit ?? 1000;
    const windowMs = opts.routeLimit?.resetAfterMs ?? 1000;
    const key = `${bucketHash}:${major}`;
    let b = buckets.get(key);
    if (!b || now >= b.resetAt) {
      b = { used: 0, resetAt: now + windowMs };
      buckets.set(key, b);
    }
    const resetAfter = (b.resetAt - now) / 1000;
    const headers = {
      "x-ratelimit-bucket": bucketHash,
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-reset-after": resetAfter.toFixed(3),
      "x-ratelimit-reset": ((Date.now() + (b.resetAt - now)) / 1000).toFixed(3),
    };
    if (opts.routeLimit && b.used >= limit) {
      return {
        headers: { ...headers, "x-ratelimit-remaining": "0", "x-ratelimit-scope": "user" },
        limited: { retryAfter: resetAfter, global: false },
      };
    }
    b.used++;
    return { headers: { ...headers, "x-ratelimit-remaining": String(Math.max(0, limit - b.used)) } };
  }

  function storeMessage(
    channelId: string,
    body: Record<string, unknown>,
    source: FakeDiscordMessage["source"],
    attachments: FakeDiscordFilePart[] = [],
  ): FakeDiscordMessage {
    const m: FakeDiscordMessage = {
      id: snowflake(),
      attachments,
      channel_id: channelId,
      content: typeof body.content === "string" ? body.content : "",
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      source,
      edits: 0,
      at: performance.now(),
      ...(body.nonce !== undefined ? { nonce: body.nonce as string } : {}),
      ...(body.allowed_mentions !== undefined ? { allowed_mentions: body.allowed_mentions } : {}),
      ...(body.message_reference
        ? { message_reference: body.message_reference as FakeDiscordMessage["message_reference"] }
        : {}),
    };
    messages.push(m);
    if (source === "channel") opts.onMessage?.(m);
    return m;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const full = new URL(req.url ?? "/", "http://x").pathname;
    if (!full.startsWith("/api/v10/")) return sendJson(res, 404, { message: "404: Not Found", code: 0 });
    const path = decodeURIComponent(full.slice("/api/v10".length));
    const method = req.method ?? "GET";
    const route = `${method} ${template(path)}`;
    const { body, files, fileParts } = await parseBody(req, raw);
    requests.push({ method, path, route, body, files, fileParts, at: performance.now() });

    const { headers, limited } = limits(template(path), path);
    if (limited) {
      rateLimited++;
      return sendJson(
        res,
        429,
        { message: "You are being rate limited.", retry_after: limited.retryAfter, global: limited.global },
        { ...headers, "retry-after": String(Math.ceil(limited.retryAfter)) },
      );
    }
    const fault = faults.take(`${method} ${path}`, route);
    if (fault && !("drop" in fault && fault.drop === "after")) return answerFault(res, fault);
    const ok = (status: number, payload: unknown) =>
      fault ? answerFault(res, fault) : sendJson(res, status, payload, headers);
    const b = (body ?? {}) as Record<string, unknown>;
    const parts = path.split("/");

    if (method === "GET" && path === "/gateway/bot") {
      return ok(200, {
        url: url.replace("http", "ws"),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === "GET" && path === "/gateway") return ok(200, { url: url.replace("http", "ws") });
    if (method === "GET" && path === "/users/@me")
      return ok(200, { id: appId, username: "dealgraph", discriminator: "0", avatar: null, bot: true });
    if (method === "POST" && route === "POST /channels/:id/messages") {
      const channelId = parts[2] ?? "";
      const nonce = b.nonce === undefined ? undefined : String(b.nonce);
      if (nonce !== undefined && b.enforce_nonce === true) {
        const seen = nonces.get(`${channelId}:${nonce}`);
        if (seen && performance.now() - seen.at < (opts.nonceWindowMs ?? 300_000)) return ok(200, toWire(seen.message));
      }
      const m = storeMessage(channelId, b, "channel", fileParts);
      if (nonce !== undefined) nonces.set(`${channelId}:${nonce}`, { message: m, at: m.at });
      return ok(200, toWire(m));
    }
    if (method === "GET" && route === "GET /channels/:id/messages") {
      return ok(
        200,
        messages
          .filter((m) => m.channel_id === parts[2])
          .reverse()
          .map(toWire),
      );
    }
    if (method === "PATCH" && route === "PATCH /channels/:id/messages/:id") {
      const m = messages.find((x) => x.channel_id === parts[2] && x.id === parts[4]);
      if (!m) return sendJson(res, 404, { message: "Unknown Message", code: 10008 });
      if (typeof b.content === "string") m.content = b.content;
      if (Array.isArray(b.embeds)) m.embeds = b.embeds;
      m.edits++;
      return ok(200, toWire(m));
    }
    if (method === "POST" && route === "POST /interactions/:id/:token/callback") {
      const data = (b.data ?? {}) as Record<string, unknown>;
      if (b.type === 4) storeMessage(`interaction:${parts[2]}`, data, "interaction", fileParts);
      if (fault) return answerFault(res, fault);
      res.writeHead(204, headers);
      return void res.end();
    }
    if (route === "PATCH /webhooks/:app/:token/messages/:id" || route === "POST /webhooks/:app/:token") {
      const m = storeMessage(`webhook:${parts[3]}`, b, "webhook", fileParts);
      if (method === "PATCH") m.edits = 1;
      return ok(200, toWire(m));
    }
    if (
      method === "PUT" &&
      (route === "PUT /applications/:app/commands" || route === "PUT /applications/:app/guilds/:guild/commands")
    ) {
      commands.set(parts[3] === "guilds" ? `guild:${parts[4]}` : "global", body);
      const list = Array.isArray(body) ? body : [];
      return ok(
        200,
        list.map((c) => ({ id: snowflake(), application_id: appId, version: "1", type: 1, ...(c as object) })),
      );
    }
    return sendJson(res, 404, { message: "404: Not Found", code: 0 }, headers);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((err) => sendJson(res, 500, { message: String(err), code: 0 }));
  });
  const sockets = trackSockets(http);

  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<WebSocket>();
  let identified = 0;
  let seq = 0;
  http.on("upgrade", (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req)),
  );
  wss.on("connection", (ws) => {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d?: unknown };
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (msg.op === 2) {
        identified++;
        clients.add(ws);
        ws.send(
          JSON.stringify({
            op: 0,
            s: ++seq,
            t: "READY",
            d: {
              v: 10,
              user: { id: appId, username: "dealgraph", discriminator: "0", avatar: null, bot: true },
              guilds: [],
              session_id: "fake-session",
              resume_gateway_url: url.replace("http", "ws"),
              application: { id: appId, flags: 0 },
            },
          }),
        );
      }
    });
    ws.on("close", () => clients.delete(ws));
  });

  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: `${url}/api`,
    requests,
    messages,
    commands,
    get rateLimited() {
      return rateLimited;
    },
    get identified() {
      return identified;
    },
    fail: (routeKey, fault, times = 1) => faults.add(routeKey, fault, times),
    interaction: (d) => {
      for (const ws of clients) {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ op: 0, s: ++seq, t: "INTERACTION_CREATE", d }));
      }
    },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
