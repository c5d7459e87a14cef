/**
 * A `fetch` for the Slack Web API client on Node's own HTTP stack with a keep-alive agent. The client's
 * default (the built-in WHATWG fetch) spends most of a small request's CPU in stream and header
 * machinery; a fan-out posts thousands of small form bodies, so this path is the hot one. Bodies other
 * than strings (multipart file uploads) go to the built-in fetch unchanged.
 */
import http from "node:http";
import https from "node:https";
import type * as WebApi from "@slack/web-api";

type FetchFunction = NonNullable<WebApi.WebClientOptions["fetch"]>;
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

export interface KeepAliveFetchOptions {
  /** Connections per host (default 256): at least the requests the dispatcher keeps in flight. */
  maxSockets?: number;
}

export function createKeepAliveFetch(opts: KeepAliveFetchOptions = {}): FetchFunction {
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 256, scheduling: "lifo" as const };
  const agents = { "http:": new http.Agent(agentOpts), "https:": new https.Agent(agentOpts) };

  return (input, init = {}) => {
    const url = typeof input === "string" ? new URL(input) : input;
    const body = init.body;
    const agent = agents[url.protocol as keyof typeof agents];
    if ((body !== undefined && typeof body !== "string") || !agent) {
      return globalThis.fetch(url, init as RequestInit) as Promise<FetchResponse>;
    }
    return new Promise<FetchResponse>((resolve, reject) => {
      const signal = init.signal;
      if (signal?.aborted) return reject(signal.reason);
      const payload = body === undefined ? undefined : Buffer.from(body, "utf8");
      const req = (url.protocol === "https:" ? https : http).request(url, {
        method: init.method ?? "GET",
        agent,
        headers: { ...init.headers, ...(payload ? { "content-length": String(payload.length) } : {}) },
      });
      const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);
      req.on("error", (err) => {
        done();
        reject(err);
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (err) => {
          done();
          reject(err);
        });
        res.on("end", () => {
          done();
          resolve(responseOf(url.href, res, Buffer.concat(chunks)));
        });
      });
      req.end(payload);
    });
  };
}

function responseOf(url: string, res: http.IncomingMessage, body: Buffer): FetchResponse {
  const status = res.statusCode ?? 0;
  const raw = res.headers;
  const get = (name: string): string | null => {
    const v = raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? "",
    url,
    headers: {
      get,
      *entries() {
        for (const name of Object.keys(raw)) yield [name, get(name) ?? ""] as [string, string];
      },
    },
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    json: async () => JSON.parse(body.toString("utf8")) as unknown,
    text: async () => body.toString("utf8"),
  };
}
