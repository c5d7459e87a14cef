/**
 * Reading Slack's answer to `chat.postMessage`: the usual answer from its first bytes, any other shape in
 * full, errors in the Web API client's shapes.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSlackPost } from "../../src/delivery/slack-post.js";
import type { SlackMessage } from "../../src/platforms/slack/slack-renderer.js";

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A Slack that answers every post with `status` and `body`, and keeps what was posted. */
async function slackAnswering(status: number, body: string, headers: Record<string, string> = {}) {
  const posted: unknown[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      posted.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const post = createSlackPost({
    token: "xoxb-test",
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
  });
  return { post, posted };
}

const part: SlackMessage = { text: "엔비디아, 오픈AI에 1,000억 달러 투자", blocks: [] };
const target = { channel: "C1", idempotencyKey: "digest:slack:C1:w#0" };

describe("chat.postMessage", () => {
  it("posts one JSON body with the channel, the key in metadata and the part's text, and reads the ts", async () => {
    const echo = JSON.stringify({ text: part.text, blocks: [] });
    const { post, posted } = await slackAnswering(
      200,
      `{"ok":true,"channel":"C1","ts":"1700000000.000100","message":{"ts":"1700000000.000999","text":${echo}}}`,
    );
    expect(await post(part, target)).toEqual({ ts: "1700000000.000100" });
    expect(posted).toEqual([
      {
        channel: "C1",
        metadata: { event_type: "dealgraph_outbox", event_payload: { key: "digest:slack:C1:w#0" } },
        text: part.text,
        blocks: [],
        unfurl_links: false,
        unfurl_media: false,
      },
    ]);
  });

  it("reads the ts of an answer in another shape", async () => {
    const { post } = await slackAnswering(
      200,
      `{ "message": {"ts": "9.9"}, "ok": true, "ts": "1700000000.000200", "channel": "C1" }`,
    );
    expect(await post(part, target)).toEqual({ ts: "1700000000.000200" });
  });

  it("throws Slack's error, and a rate limit with its Retry-After", async () => {
    const refused = await slackAnswering(200, `{"ok":false,"error":"not_in_channel"}`);
    await expect(refused.post(part, target)).rejects.toMatchObject({
      code: "slack_webapi_platform_error",
      data: { error: "not_in_channel" },
    });
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const limited = await slackAnswering(429, `{"ok":false,"error":"ratelimited"}`, { "retry-after": "3" });
    await expect(limited.post(part, target)).rejects.toMatchObject({
      code: "slack_webapi_rate_limited_error",
      retryAfter: 3,
    });
  });
});
