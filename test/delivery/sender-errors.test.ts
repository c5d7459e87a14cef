/** How each platform answer is classified: wait, retry with backoff, give up, or stop posting to the channel. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backoffMs, DEFAULT_POLICY } from "../../src/delivery/policy.js";
import { SendError } from "../../src/delivery/sender.js";
import { type FakeDiscord, type Fault, startFakeDiscord } from "../fakes/discord.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { discordSenderFor, sampleDigest, slackSenderFor } from "./helpers.js";

type Expect = Partial<Pick<SendError, "lostAccess" | "permanent" | "unknownOutcome" | "retryAfterMs">>;

let slack: FakeSlack;
let discord: FakeDiscord;
beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await slack.close();
  await discord.close();
});

async function failure(send: () => Promise<unknown>): Promise<SendError> {
  try {
    await send();
  } catch (err) {
    if (err instanceof SendError) return err;
    throw err;
  }
  throw new Error("the send succeeded");
}

describe("Slack answers", () => {
  it.each<[string, Fault, Expect]>([
    [
      "429 with Retry-After 7",
      { status: 429, headers: { "Retry-After": "7" } },
      { retryAfterMs: 7000, lostAccess: false },
    ],
    ["ratelimited as a Slack error", { error: "ratelimited" }, { retryAfterMs: 1000, permanent: false }],
    ["channel_not_found", { error: "channel_not_found" }, { lostAccess: true }],
    ["not_in_channel", { error: "not_in_channel" }, { lostAccess: true }],
    ["is_archived", { error: "is_archived" }, { lostAccess: true }],
    ["invalid_blocks", { error: "invalid_blocks" }, { permanent: true, lostAccess: false }],
    ["HTTP 503", { status: 503, body: "unavailable" }, { permanent: false, lostAccess: false, unknownOutcome: false }],
    ["a dropped connection", { drop: "before" }, { unknownOutcome: true, permanent: false }],
  ])("%s", async (_name, fault, want) => {
    const sender = slackSenderFor(slack);
    const part = sender.render(sampleDigest("ko"))[0];
    slack.fail("chat.postMessage", fault);
    expect(await failure(() => sender.sendPart("C1", part, { idempotencyKey: "k#0" }))).toMatchObject(want);
  });
});

describe("Discord answers", () => {
  it.each<[string, Fault, Expect]>([
    ["403 Missing Access", { status: 403, body: { code: 50001, message: "Missing Access" } }, { lostAccess: true }],
    ["404 Unknown Channel", { status: 404, body: { code: 10003, message: "Unknown Channel" } }, { lostAccess: true }],
    [
      "400 Invalid Form Body",
      { status: 400, body: { code: 50035, message: "Invalid Form Body" } },
      { permanent: true, lostAccess: false },
    ],
    ["HTTP 502", { status: 502, body: { message: "bad gateway", code: 0 } }, { permanent: false, lostAccess: false }],
    ["a dropped connection", { drop: "after" }, { unknownOutcome: true }],
  ])("%s", async (_name, fault, want) => {
    const sender = discordSenderFor(discord);
    const part = sender.render(sampleDigest("en"))[0];
    discord.fail("POST /channels/:id/messages", fault);
    expect(await failure(() => sender.sendPart("42", part, { idempotencyKey: "k#0" }))).toMatchObject(want);
  });
});

describe("backoff", () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [4, 8000],
    [20, DEFAULT_POLICY.maxDelayMs],
  ])("attempt %i waits at most %i ms, spread by full jitter", (attempt, ceiling) => {
    expect(backoffMs(DEFAULT_POLICY, attempt, () => 0)).toBe(0);
    expect(backoffMs(DEFAULT_POLICY, attempt, () => 0.999_999)).toBe(ceiling - 1);
    expect(backoffMs(DEFAULT_POLICY, attempt, () => 0.5)).toBe(ceiling / 2);
  });
});
