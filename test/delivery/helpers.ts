/** Shared pieces of the delivery tests: digest-like messages from the sample dataset and fast dispatcher settings. */
import { readFileSync } from "node:fs";
import type { NeutralMessage } from "../../src/briefing/message.js";
import { createDiscordSender } from "../../src/delivery/discord-sender.js";
import { createDispatcher, type Dispatcher, type DispatcherOptions } from "../../src/delivery/dispatcher.js";
import type { PlatformSender } from "../../src/delivery/sender.js";
import { createSlackSender } from "../../src/delivery/slack-sender.js";
import { silentLogger } from "../../src/log.js";
import type { Store } from "../../src/store/db.js";
import type { FakeDiscord } from "../fakes/discord.js";
import type { FakeSlack } from "../fakes/slack.js";
import { SAMPLE_PATH } from "../helpers/store.js";

interface SampleDeal {
  deal: string;
  title: { en: string; ko: string };
}

const sample = JSON.parse(readFileSync(SAMPLE_PATH, "utf8")) as { deals: SampleDeal[] };

/** A digest-shaped message listing sample deal headlines; `from`/`count` pick which. */
export function sampleDigest(lang: "ko" | "en", from = 0, count = 3): NeutralMessage {
  const deals = sample.deals.slice(from, from + count);
  return {
    summary: lang === "ko" ? `AI 딜 브리핑: ${deals.length}건` : `AI deals brief: ${deals.length} items`,
    blocks: [
      { type: "header", text: lang === "ko" ? "오늘의 AI 딜" : "Today's AI deals" },
      { type: "list", items: deals.map((d) => d.title[lang]) },
    ],
  };
}

/** The headline a sample deal contributes, to find it in what the platform received. */
export function sampleTitle(i: number, lang: "ko" | "en" = "en"): string {
  const d = sample.deals[i];
  if (!d) throw new Error(`no sample deal ${i}`);
  return d.title[lang];
}

/** A message long enough to need several Slack and Discord messages (over 50 blocks, over 6000 chars). */
export function longDigest(sections = 60): NeutralMessage {
  const blocks: NeutralMessage["blocks"] = [{ type: "header", text: "AI deals: the week" }];
  for (let i = 0; i < sections; i++) {
    const d = sample.deals[i % sample.deals.length] as SampleDeal;
    blocks.push({ type: "section", text: `${i + 1}. ${d.title.en}` });
  }
  return { summary: `AI deals: ${sections} items`, blocks };
}

export const FAST: DispatcherOptions = {
  policy: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 80, maxRetryAfterMs: 5000 },
  leaseMs: 5000,
  pollMs: 50,
};

export function slackSenderFor(fake: FakeSlack, channelIntervalMs = 0): PlatformSender {
  return createSlackSender({ token: "xoxb-test", apiUrl: fake.apiUrl, channelIntervalMs, timeoutMs: 5000 });
}

export function discordSenderFor(fake: FakeDiscord): PlatformSender {
  return createDiscordSender({ token: "fake.token.value", apiUrl: fake.apiUrl, timeoutMs: 5000 });
}

export function dispatcherFor(
  store: Store,
  senders: Partial<Record<"slack" | "discord" | "console", PlatformSender>>,
  options: DispatcherOptions = {},
): Dispatcher {
  return createDispatcher({
    store,
    config: { slack: null, discord: null, defaultLang: "ko" },
    logger: silentLogger,
    senders,
    options: { ...FAST, ...options, policy: { ...FAST.policy, ...options.policy } },
  });
}

/** Texts of a Slack channel's messages (all parts), oldest first. */
export function slackTexts(fake: FakeSlack, channel: string): string[] {
  return fake.history(channel).map((m) => m.text);
}
