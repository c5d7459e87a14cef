/**
 * A fake OpenAI-compatible server on 127.0.0.1 speaking `POST /v1/chat/completions`, for the real
 * `openai` client. Each request is answered by the next step of a per-test script.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FakeOpenAIReply =
  /** A completion whose message content is JSON.stringify(json). */
  | { json: unknown }
  /** A completion with this exact content (e.g. malformed JSON). */
  | { content: string }
  /** An HTTP error in OpenAI's error shape. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Accept the request and never answer. */
  | { hang: true }
  /** Close the connection without answering. */
  | { drop: "before" };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    [k: string]: unknown;
  };
}

export type FakeOpenAIScript =
  | FakeOpenAIReply
  | FakeOpenAIReply[]
  | ((req: RecordedRequest, index: number) => FakeOpenAIReply);

export interface FakeOpenAI {
  /** Base URL for the client: `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function pick(script: FakeOpenAIScript, req: RecordedRequest, index: number): FakeOpenAIReply {
  if (typeof script === "function") return script(req, index);
  if (Array.isArray(script)) return script[Math.min(index, script.length - 1)] ?? { status: 500 };
  return script;
}

function completion(model: string, content: string) {
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: "chat.completion",
    created: 0,
    model,
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    choices: [
      { index: 0, finish_reason: "stop", logprobs: null, message: { role: "assistant", refusal: null, content } },
    ],
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeOpenAI(script: FakeOpenAIScript): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: RecordedRequest["body"] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        send(res, 400, { error: { message: "invalid JSON body", type: "invalid_request_error" } });
        return;
      }
      const recorded: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
      const index = requests.length;
      requests.push(recorded);
      if (req.method !== "POST" || !req.url?.startsWith("/v1/chat/completions")) {
        send(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: "invalid_request_error" } });
        return;
      }
      const reply = pick(script, recorded, index);
      if ("hang" in reply) return;
      if ("drop" in reply) {
        req.socket.destroy();
        return;
      }
      if ("status" in reply) {
        send(
          res,
          reply.status,
          reply.body ?? { error: { message: "fake failure", type: "server_error" } },
          reply.headers,
        );
        return;
      }
      const content = "json" in reply ? JSON.stringify(reply.json) : reply.content;
      send(res, 200, completion(body.model ?? "fake-model", content));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
