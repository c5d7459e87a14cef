import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { commands } from "../../commands/index.js";
import { type SlackPlatform, startSlack } from "../../src/platforms/slack/slack-platform.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { type SampleApp, sampleApp } from "./sample-app.js";

/**
 * Slack's Socket Mode edge: `apps.connections.open` hands out a WebSocket URL; the socket says hello,
 * then delivers envelopes the app must ack by `envelope_id`. Answers still go to `response_url`.
 */
interface SocketFake {
  apiUrl: string;
  acks: { envelope_id: string }[];
  send(envelope: Record<string, unknown>): void;
  connected(): boolean;
  close(): Promise<void>;
}

async function startSocketFake(): Promise<SocketFake> {
  const acks: { envelope_id: string }[] = [];
  let socket: WebSocket | null = null;
  const wss = new WebSocketServer({ noServer: true });
  const http: Server = createServer((req, res) => {
    const method = (req.url ?? "").replace(/^\/api\//, "");
    res.writeHead(200, { "content-type": "application/json" });
    if (method === "auth.test") {
      return res.end(JSON.stringify({ ok: true, user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0001" }));
    }
    if (method === "apps.connections.open") {
      const { port } = http.address() as AddressInfo;
      return res.end(JSON.stringify({ ok: true, url: `ws://127.0.0.1:${port}/link` }));
    }
    res.end(JSON.stringify({ ok: false, error: "unknown_method" }));
  });
  http.on("upgrade", (req, sock, head) =>
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on("message", (data) => acks.push(JSON.parse(String(data)) as { envelope_id: string }));
      ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0001" } }));
    }),
  );
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const { port } = http.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    acks,
    send: (e) => socket?.send(JSON.stringify(e)),
    connected: () => socket !== null,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}

let socketFake: SocketFake;
let fake: FakeSlack;
let s: SampleApp;
let bot: SlackPlatform;

beforeAll(async () => {
  socketFake = await startSocketFake();
  fake = await startFakeSlack();
  s = await sampleApp({ DEFAULT_LANG: "ko" });
  bot = await startSlack({
    app: s.app,
    commands,
    config: {
      botToken: "xoxb-socket",
      signingSecret: "unused-in-socket-mode",
      appToken: "xapp-1-test",
      apiUrl: socketFake.apiUrl,
      adminUsers: [],
      socketMode: true,
    },
    port: 0,
  });
});
afterAll(async () => {
  await bot?.stop().catch(() => undefined);
  await socketFake?.close();
  await fake?.close();
  await s?.close();
});

describe("Slack in Socket Mode (SLACK_APP_TOKEN set)", () => {
  it("connects out, acks a slash command envelope and answers through response_url", async () => {
    expect(bot.port).toBeNull();
    expect(socketFake.connected()).toBe(true);
    socketFake.send({
      envelope_id: "env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        token: "x",
        team_id: "T0001",
        team_domain: "t",
        channel_id: "C0SOCK",
        channel_name: "deals",
        user_id: "U0001",
        user_name: "analyst",
        command: "/exposure",
        text: "엔비디아",
        api_app_id: "A0001",
        response_url: fake.responseUrl("sock-1"),
        trigger_id: "trig-sock-1",
      },
    });
    const start = Date.now();
    while (!fake.posts.some((p) => p.id === "sock-1")) {
      if (Date.now() - start > 10_000) throw new Error("no answer through response_url");
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(socketFake.acks.map((a) => a.envelope_id)).toContain("env-1");
    expect(JSON.stringify(fake.posts.find((p) => p.id === "sock-1")?.body)).toContain("엔비디아");
  });
});
