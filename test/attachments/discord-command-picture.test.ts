/** Discord slash commands whose answers carry a picture: the reply itself is multipart with a PNG `files[0]`. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { type DiscordPlatform, startDiscord } from "../../src/platforms/discord/discord-platform.js";
import { type FakeDiscord, type FakeDiscordRequest, startFakeDiscord } from "../fakes/discord.js";
import { waitFor } from "../helpers/wait.js";
import { type SampleApp, sampleApp } from "../platforms/sample-app.js";
import { isPng } from "./png.js";

const APP_ID = "100000000000000001";
const CHANNEL = "600000000000000006";
let s: SampleApp;
let fake: FakeDiscord;
let bot: DiscordPlatform;
let seq = 0;
const pictures = new Map<string, Buffer>();

beforeAll(async () => {
  s = await sampleApp({ DEFAULT_LANG: "en" });
  fake = await startFakeDiscord({ applicationId: APP_ID });
  bot = await startDiscord({
    app: s.app,
    commands,
    config: { token: "fake.token.value", applicationId: APP_ID, guildId: null, apiUrl: fake.apiUrl },
  });
});
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await s?.close();
});

/** Dispatches a slash command and resolves with the request that answered it (reply or deferred edit). */
async function ask(name: string, options: { name: string; type: number; value: string }[], locale = "en-US") {
  seq += 1;
  const token = `pic-${seq}`;
  const user = { id: "400000000000000004", username: "analyst", discriminator: "0", avatar: null, global_name: null };
  fake.interaction({
    id: `51000000000000${1000 + seq}`,
    application_id: APP_ID,
    type: 2,
    token,
    version: 1,
    channel_id: CHANNEL,
    channel: { id: CHANNEL, type: 0 },
    guild_id: "300000000000000003",
    member: {
      user,
      roles: [],
      permissions: "0",
      joined_at: "2025-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
    },
    app_permissions: "0",
    locale,
    entitlements: [],
    authorizing_integration_owners: {},
    context: 0,
    data: { id: "700000000000000007", name, type: 1, options },
  });
  const isAnswer = (r: FakeDiscordRequest) =>
    (r.method === "POST" && r.path.endsWith(`/${token}/callback`) && (r.body as { type?: number })?.type === 4) ||
    (r.method === "PATCH" && r.path.includes(`/${token}/messages/`));
  return waitFor(() => fake.requests.find(isAnswer), `the answer to /${name}`);
}

describe("Discord answers with a money-flow picture", () => {
  it.each([
    ["en-US", "nvidia"],
    ["ko", "엔비디아"],
  ])("/exposure (%s) replies with the company's PNG as multipart files[0]", async (locale, company) => {
    const answer = await ask("exposure", [{ name: "company", type: 3, value: company }], locale);
    expect(answer.fileParts).toHaveLength(1);
    const part = answer.fileParts[0];
    expect(part?.field).toBe("files[0]");
    expect(part?.filename).toBe("exposure-nvidia.png");
    expect(isPng(part?.bytes ?? Buffer.alloc(0))).toBe(true);
    pictures.set(locale, part?.bytes ?? Buffer.alloc(0));
  });

  it("draws the picture in the language of the answer", () => {
    const en = pictures.get("en-US");
    const ko = pictures.get("ko");
    expect(en && ko && !en.equals(ko)).toBe(true);
  });

  it("/cycles replies with the loops PNG", async () => {
    const answer = await ask("cycles", []);
    expect(answer.fileParts.map((p) => p.filename)).toEqual(["loops.png"]);
    expect(isPng(answer.fileParts[0]?.bytes ?? Buffer.alloc(0))).toBe(true);
  });

  it("/funding carries no picture", async () => {
    const answer = await ask("funding", [{ name: "company", type: 3, value: "openai" }]);
    expect(answer.fileParts).toHaveLength(0);
  });
});
