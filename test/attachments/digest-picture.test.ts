/**
 * A scheduled digest that names circular loops carries their picture through the outbox and the
 * dispatcher: an upload after the text on Slack, a multipart part of the message on Discord.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DealGraph, loadGraph } from "../../src/analytics/deal-graph.js";
import type { NeutralMessage } from "../../src/briefing/message.js";
import { enqueue, getOutboxRow } from "../../src/delivery/outbox.js";
import type { DealEvent } from "../../src/domain/types.js";
import { digestMessage, loopsNamed, loopsTouched } from "../../src/jobs/digest-compose.js";
import { eventsAfter } from "../../src/store/event-repository.js";
import { discordSenderFor, dispatcherFor, slackSenderFor } from "../delivery/helpers.js";
import { type FakeDiscord, startFakeDiscord } from "../fakes/discord.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { importSample, openTestStore, type TestStore } from "../helpers/store.js";
import { isPng } from "./png.js";

let store: TestStore;
let graph: DealGraph;
let events: DealEvent[];
let slack: FakeSlack;
let discord: FakeDiscord;
const DISCORD_CHANNEL = "800000000000000008";

beforeAll(async () => {
  store = await openTestStore("sqlite");
  await importSample(store);
  graph = await loadGraph(store);
  events = await eventsAfter(store.db, 0);
  slack = await startFakeSlack();
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await slack?.close();
  await discord?.close();
  await store?.close();
});

const sharedIn = (channel: string) => slack.files.filter((f) => f.channel === channel);

const compose = (evs: DealEvent[], lang: "ko" | "en") =>
  digestMessage({ db: store.db, graph, events: evs, lang, tz: "Asia/Seoul", now: new Date("2026-03-01T00:00:00Z") });

/** Events of deals on no loop at all. */
function loopFreeEvents(): DealEvent[] {
  const onLoops = new Set(loopsTouched(graph, events).flatMap((c) => [...c.deals, ...(c.parallel ?? []).flat()]));
  return events.filter((e) => !onLoops.has(e.dealId)).slice(0, 3);
}

describe("digest pictures", () => {
  it("a digest of the sample data names loops and carries their PNG", async () => {
    expect(loopsNamed(loopsTouched(graph, events), events).length).toBeGreaterThan(0);
    const digest = (await compose(events, "ko")) as NeutralMessage;
    expect(digest.attachments?.map((a) => a.filename)).toEqual(["loops.png"]);
    expect(digest.attachments?.[0]?.contentType).toBe("image/png");
    expect(isPng(digest.attachments?.[0]?.data ?? new Uint8Array())).toBe(true);
  });

  it("a digest that names no loop carries no picture", async () => {
    const quiet = loopFreeEvents();
    expect(quiet.length).toBeGreaterThan(0);
    const digest = await compose(quiet, "en");
    expect(digest).not.toBeNull();
    expect(digest?.attachments ?? []).toHaveLength(0);
  });

  it("goes out through the dispatcher once, with the loop picture, on Slack and Discord", async () => {
    const message = (await compose(events, "en")) as NeutralMessage;
    for (const channel of ["slack:CDIGEST", `discord:${DISCORD_CHANNEL}`]) {
      await enqueue(store.db, {
        key: `digest:${channel}:2026-03-01`,
        channel,
        kind: "digest",
        message,
        watermarkSeq: 1,
      });
    }
    const d = dispatcherFor(store, { slack: slackSenderFor(slack), discord: discordSenderFor(discord) });
    await d.drainOnce();

    // Slack: the text parts, then one upload of the loops PNG in the same channel
    const texts = slack.history("CDIGEST");
    const shares = sharedIn("CDIGEST");
    expect(texts.length).toBeGreaterThan(0);
    expect(shares).toHaveLength(1);
    const file = shares[0];
    expect(file?.name).toMatch(/^loops-[0-9a-f]{8}\.png$/);
    expect(Number(file?.ts)).toBeGreaterThan(Number(texts.at(-1)?.ts));
    expect(file?.title).toBe("loops");
    expect(isPng(file?.bytes ?? Buffer.alloc(0))).toBe(true);
    expect((await getOutboxRow(store.db, "digest:slack:CDIGEST:2026-03-01"))?.status).toBe("sent");

    // Discord: the last message of the digest carries the PNG as files[0]
    const posted = discord.requests.filter((r) => r.route === "POST /channels/:id/messages");
    const withFiles = posted.filter((r) => r.fileParts.length > 0);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]).toBe(posted.at(-1));
    expect(withFiles[0]?.fileParts[0]).toMatchObject({ field: "files[0]", filename: "loops.png" });
    expect(isPng(withFiles[0]?.fileParts[0]?.bytes ?? Buffer.alloc(0))).toBe(true);
    expect(discord.messages.filter((m) => m.attachments.length > 0)).toHaveLength(1);
  });

  it("a failed Slack upload is retried alone: the digest text is not posted twice", async () => {
    const message = (await compose(events.slice(0, 40), "ko")) as NeutralMessage;
    expect(message.attachments?.length).toBe(1);
    slack.fail("files.completeUploadExternal", { status: 500 }, 1);
    const key = "digest:slack:CRETRY:2026-03-02";
    await enqueue(store.db, { key, channel: "slack:CRETRY", kind: "digest", message, watermarkSeq: 1 });
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();

    const keys = slack.history("CRETRY").map((m) => m.metadata?.event_payload.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
    expect(sharedIn("CRETRY")).toHaveLength(1);
    expect(
      slack.calls.filter((c) => c.method === "files.completeUploadExternal" && c.body.channel_id === "CRETRY"),
    ).toHaveLength(2);
    expect((await getOutboxRow(store.db, key))?.status).toBe("sent");
  });

  it("an upload whose answer was lost is found again, not shared twice", async () => {
    const message = (await compose(events.slice(0, 40), "en")) as NeutralMessage;
    slack.fail("files.completeUploadExternal", { drop: "after" }, 1);
    const key = "digest:slack:CLOST:2026-03-04";
    await enqueue(store.db, { key, channel: "slack:CLOST", kind: "digest", message, watermarkSeq: 1 });
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();

    expect(sharedIn("CLOST")).toHaveLength(1);
    const keys = slack.history("CLOST").map((m) => m.metadata?.event_payload.key);
    expect(new Set(keys).size).toBe(keys.length);
    const row = await getOutboxRow(store.db, key);
    expect(row?.status).toBe("sent");
    expect(row?.refs.at(-1)).toBe(sharedIn("CLOST")[0]?.id);
  });

  it("a picture Slack refuses for good is dropped, and the digest still counts as sent", async () => {
    const message = (await compose(events.slice(0, 40), "en")) as NeutralMessage;
    slack.fail("files.getUploadURLExternal", { error: "missing_scope" }, 1);
    const key = "digest:slack:CSCOPE:2026-03-03";
    await enqueue(store.db, { key, channel: "slack:CSCOPE", kind: "digest", message, watermarkSeq: 1 });
    await dispatcherFor(store, { slack: slackSenderFor(slack) }).drainOnce();
    expect(sharedIn("CSCOPE")).toHaveLength(0);
    expect(slack.history("CSCOPE").length).toBeGreaterThan(0);
    expect((await getOutboxRow(store.db, key))?.status).toBe("sent");
  });
});
