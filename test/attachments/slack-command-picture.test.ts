/** Slack slash commands whose answers carry a picture: answer through response_url, then one upload to the channel. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { commands } from "../../commands/index.js";
import { type SlackPlatform, startSlack } from "../../src/platforms/slack/slack-platform.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { signedCommand } from "../fakes/slack-command.js";
import { waitFor } from "../helpers/wait.js";
import { type SampleApp, sampleApp } from "../platforms/sample-app.js";
import { isPng } from "./png.js";

const SECRET = "attachments-signing-secret";
let fake: FakeSlack;
let s: SampleApp;
let bot: SlackPlatform;
let n = 0;

beforeAll(async () => {
  fake = await startFakeSlack();
  s = await sampleApp({ DEFAULT_LANG: "en" });
  bot = await startSlack({
    app: s.app,
    commands,
    config: {
      botToken: "xoxb-test",
      signingSecret: SECRET,
      appToken: null,
      apiUrl: fake.apiUrl,
      adminUsers: [],
      socketMode: false,
    },
    port: 0,
    host: "127.0.0.1",
  });
});
afterAll(async () => {
  await bot?.stop();
  await s?.close();
  await fake?.close();
});

async function run(command: string, text: string, channel: string) {
  const id = `pic${++n}`;
  const res = await signedCommand(`http://127.0.0.1:${bot.port}`, SECRET, {
    command,
    text,
    channel_id: channel,
    user_id: "U1",
    response_url: fake.responseUrl(id),
  });
  expect(res.status).toBe(200);
  return id;
}

const answered = (id: string) => fake.posts.find((p) => p.method === "response_url" && p.id === id);
const sharedIn = (channel: string) => fake.files.filter((f) => f.channel === channel);

describe("Slack answers with a money-flow picture", () => {
  it("/exposure nvidia answers through response_url, then leaves exactly one PNG upload in that channel", async () => {
    const id = await run("/exposure", "nvidia", "CEXPOSURE");
    await waitFor(() => (sharedIn("CEXPOSURE").length > 0 ? true : undefined), "the upload");
    await new Promise((r) => setTimeout(r, 200));
    const files = sharedIn("CEXPOSURE");
    expect(files).toHaveLength(1);
    const file = files[0];
    expect(file?.name).toBe("exposure-nvidia.png");
    expect(isPng(file?.bytes ?? Buffer.alloc(0))).toBe(true);
    expect(file?.thread_ts).toBeUndefined();
    // the text answer went out first, through response_url, and was not repeated
    expect(fake.posts.filter((p) => p.method === "response_url" && p.id === id)).toHaveLength(1);
    expect(String(answered(id)?.body.text)).toMatch(/nvidia/i);
    // the file share is a message in the channel, as Slack lists it
    const { WebClient } = await import("@slack/web-api");
    const hist = await new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl }).conversations.history({
      channel: "CEXPOSURE",
    });
    expect(hist.messages?.map((m) => m.files?.map((f) => f.name))).toEqual([["exposure-nvidia.png"]]);
  });

  it("/cycles lang:ko attaches the picture of the loops", async () => {
    await run("/cycles", "lang:ko", "CCYCLES");
    const file = await waitFor(() => sharedIn("CCYCLES")[0], "the loops upload");
    expect(file.name).toBe("loops.png");
    expect(isPng(file.bytes)).toBe(true);
  });

  it("an answer without a picture uploads nothing", async () => {
    const id = await run("/help", "", "CHELP");
    await waitFor(() => answered(id), "the help answer");
    await new Promise((r) => setTimeout(r, 200));
    expect(sharedIn("CHELP")).toHaveLength(0);
  });

  it("a refused upload leaves the text answer alone, sent once, and shares nothing", async () => {
    fake.fail("files.completeUploadExternal", { error: "missing_scope" });
    const id = await run("/exposure", "openai", "CNOSCOPE");
    await waitFor(() => answered(id), "the exposure answer");
    await waitFor(
      () =>
        fake.calls.some((c) => c.method === "files.completeUploadExternal" && c.body.channel_id === "CNOSCOPE")
          ? true
          : undefined,
      "the upload attempt",
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.posts.filter((p) => p.method === "response_url" && p.id === id)).toHaveLength(1);
    expect(sharedIn("CNOSCOPE")).toHaveLength(0);
  });

  it("an upload Slack keeps failing is tried three times within seconds, then dropped; the answer stands", async () => {
    const attempts = () => fake.calls.filter((c) => c.method === "files.getUploadURLExternal").length;
    const before = attempts();
    const warn = vi.spyOn(s.app.logger, "warn");
    fake.fail("files.getUploadURLExternal", { status: 503 }, 3);
    const id = await run("/cycles", "", "CDOWN");
    await waitFor(() => answered(id), "the cycles answer");
    const start = Date.now();
    // Given up within seconds, not kept for later: by then the channel has moved on from the answer.
    await waitFor(
      () => (warn.mock.calls.some((c) => String(c[1]).includes("could not upload a picture")) ? true : undefined),
      "giving up on the upload",
      8_000,
    );
    expect(Date.now() - start).toBeLessThan(8_000);
    expect(attempts() - before).toBe(3);
    expect(sharedIn("CDOWN")).toHaveLength(0);
    expect(fake.posts.filter((p) => p.method === "response_url" && p.id === id)).toHaveLength(1);
    warn.mockRestore();
  }, 15_000);
});
