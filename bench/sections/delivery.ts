/**
 * Digest fan-out: one digest to 1,000 Slack channels through the fake Slack enforcing its per-channel
 * limit (1 message per second per channel). The digest is long enough to need several Slack messages, so
 * each channel's parts must be spaced a second apart: the limit allows (parts − 1) seconds in all, since
 * different channels go out concurrently. Target: within 10% of that, with no 429 storm.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NeutralMessage } from "../../src/briefing/message.js";
import { createDispatcher } from "../../src/delivery/dispatcher.js";
import { enqueue } from "../../src/delivery/outbox.js";
import { createSlackSender } from "../../src/delivery/slack-sender.js";
import { silentLogger } from "../../src/log.js";
import { renderSlack } from "../../src/platforms/slack/slack-renderer.js";
import { openStore } from "../../src/store/db.js";
import { startFakeSlack } from "../../test/fakes/slack.js";
import type { BenchSection } from "../section.js";
import { count, ms } from "../stats.js";

const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 1000);
const INTERVAL_MS = 1000;

function digest(items: number): NeutralMessage {
  const blocks: NeutralMessage["blocks"] = [{ type: "header", text: "오늘의 AI 딜 브리핑" }];
  for (let i = 0; i < items; i++)
    blocks.push({
      type: "section",
      text: `**${i + 1}.** 엔비디아, 오픈AI에 최대 1,000억 달러 투자 의향서 (10GW 데이터센터)`,
    });
  return { summary: `AI 딜 브리핑: ${items}건`, blocks };
}

interface RemoteSlack {
  apiUrl: string;
  /** Arrival times (ms, the fake's clock) per channel, and the fake's 429 count. */
  report(): Promise<{ arrivals: Record<string, number[]>; rateLimited: number }>;
  close(): void;
}

/**
 * The fake Slack runs in its own process, as Slack would be remote: the figures then measure the
 * dispatcher, not the fake. It prints its API URL, and on a line on stdin it prints its report.
 */
async function startRemoteSlack(): Promise<RemoteSlack> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, DEALGRAPH_BENCH_FAKE_SLACK: String(INTERVAL_MS) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buf = "";
  child.stdout?.on("data", (d) => {
    buf += String(d);
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const nextLine = () =>
    new Promise<string>((resolve) => (lines.length > 0 ? resolve(lines.shift() as string) : waiters.push(resolve)));
  const apiUrl = await nextLine();
  return {
    apiUrl,
    report: async () => {
      child.stdin?.write("report\n");
      return JSON.parse(await nextLine());
    },
    close: () => child.kill(),
  };
}

if (process.env.DEALGRAPH_BENCH_FAKE_SLACK) {
  const fake = await startFakeSlack({
    channelRateLimit: { intervalMs: Number(process.env.DEALGRAPH_BENCH_FAKE_SLACK) },
  });
  process.stdout.write(`${fake.apiUrl}\n`);
  process.stdin.on("data", () => {
    const arrivals: Record<string, number[]> = {};
    for (const p of fake.posts) {
      if (!p.channel || p.method !== "chat.postMessage") continue;
      const list = arrivals[p.channel] ?? [];
      list.push(p.at);
      arrivals[p.channel] = list;
    }
    process.stdout.write(`${JSON.stringify({ arrivals, rateLimited: fake.rateLimited })}\n`);
  });
}

export const deliverySection: BenchSection = {
  name: "delivery",
  title: `Digest fan-out to ${count(CHANNELS)} Slack channels at the per-channel limit`,
  async run(ctx) {
    const message = digest(Number(process.env.BENCH_DIGEST_ITEMS ?? 200));
    const parts = renderSlack(message).length;
    const slack = await startRemoteSlack();
    const store = await openStore({ dbPath: join(ctx.tmpDir, "delivery.db") });
    try {
      const t0 = performance.now();
      for (let i = 0; i < CHANNELS; i++) {
        await enqueue(store.db, {
          key: `digest:slack:CB${i}:2026-02-04`,
          channel: `slack:CB${i}`,
          kind: "digest",
          message,
          watermarkSeq: 1,
        });
      }
      const enqueueMs = performance.now() - t0;
      const dispatcher = createDispatcher({
        store,
        config: { slack: null, discord: null },
        logger: silentLogger,
        senders: {
          slack: createSlackSender({ token: "xoxb-bench", apiUrl: slack.apiUrl, channelIntervalMs: INTERVAL_MS }),
        },
        options: { concurrency: 128 },
      });
      const t1 = performance.now();
      const cpu0 = process.cpuUsage();
      await dispatcher.drainOnce();
      const total = performance.now() - t1;
      const cpu = process.cpuUsage(cpu0);
      const report = await slack.report();
      const perChannel = Object.values(report.arrivals);
      const arrivals = perChannel.flat();
      const span = Math.max(...arrivals) - Math.min(...arrivals);
      const allowed = (parts - 1) * INTERVAL_MS;
      const delivered = arrivals.length;
      ctx.log(
        `  ${count(CHANNELS)} channels × ${parts} Slack messages = ${count(delivered)} delivered (expected ${count(CHANNELS * parts)}), 429s: ${report.rateLimited}`,
      );
      ctx.log(`  enqueue ${ms(enqueueMs)} · dispatch ${ms(total)} · first→last arrival ${ms(span)}`);
      ctx.log(
        `  dispatcher CPU: ${ms((cpu.user + cpu.system) / 1000)}, ${ms((cpu.user + cpu.system) / 1000 / delivered)} per message`,
      );
      const gaps = perChannel.flatMap((a) => a.slice(1).map((x, i) => x - (a[i] ?? 0))).sort((a, b) => a - b);
      ctx.log(
        `  spacing between a channel's messages: min ${ms(gaps[0] ?? 0)}, median ${ms(gaps[gaps.length >> 1] ?? 0)}, max ${ms(gaps[gaps.length - 1] ?? 0)}`,
      );
      const over = (total / allowed - 1) * 100;
      ctx.log(
        `  the limit allows ${ms(allowed)}: dispatch took ${over >= 0 ? "+" : ""}${over.toFixed(1)}% (target ≤ +10%) ${over <= 10 ? "OK" : "OVER"}`,
      );
    } finally {
      await store.close();
      slack.close();
    }
  },
};
