/**
 * Digest fan-out: one digest to 1,000 Slack channels through a fake Slack (in its own process, as Slack is
 * remote) that enforces Slack's per-channel limit strictly: a second message to a channel sooner than 1 s
 * after the last one gets 429. Channels go out concurrently, so for a digest of k Slack messages the limit
 * allows (k − 1) s in all; what the dispatcher adds on top is its own cost. Real Slack also tolerates short
 * bursts over 1/s per channel (not guaranteed) and keeps an unpublished workspace-wide cap on
 * chat.postMessage; the fake models neither.
 *
 * Each digest size is fanned out several times, to fresh channels, against one fake that stays up between
 * runs as Slack does. The bot is a long-running process, so the goal is judged on the steady state (the
 * median of the runs after the first); the first fan-out after start, with nothing compiled yet, is
 * printed beside it. BENCH_DELIVERY_PARTS=1,3 picks the digest sizes (Slack messages per channel),
 * BENCH_DELIVERY_RUNS the fan-outs per size, BENCH_CHANNELS the channel count, BENCH_CONCURRENCY the
 * requests in flight. Beside each size runs a reference without the outbox (`referenceFanOut`), which
 * shows what this machine and the HTTP path allow on their own.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NeutralMessage } from "../../src/briefing/message.js";
import { createDispatcher } from "../../src/delivery/dispatcher.js";
import { enqueue } from "../../src/delivery/outbox.js";
import { createSlackPost } from "../../src/delivery/slack-post.js";
import { createSlackSender } from "../../src/delivery/slack-sender.js";
import { silentLogger } from "../../src/log.js";
import { renderSlack } from "../../src/platforms/slack/slack-renderer.js";
import { openStore } from "../../src/store/db.js";
import { startFakeSlack } from "../../test/fakes/slack.js";
import type { BenchContext, BenchSection } from "../section.js";
import { count, ms } from "../stats.js";

const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 1000);
const PARTS = (process.env.BENCH_DELIVERY_PARTS ?? "1,3").split(",").map(Number);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 256);
const RUNS = Math.max(2, Number(process.env.BENCH_DELIVERY_RUNS ?? 6));
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

/** The smallest digest (at least 10 items, a typical morning) that renders to exactly `parts` Slack messages. */
function digestOf(parts: number): { message: NeutralMessage; items: number } {
  for (let items = 10; items <= 2000; items++) {
    const n = renderSlack(digest(items)).length;
    if (n === parts) return { message: digest(items), items };
    if (n > parts) break;
  }
  throw new Error(`no digest renders to exactly ${parts} Slack messages`);
}

interface FakeReport {
  /** Per channel, in arrival order: the fake's clock (ms) and the part's idempotency key. */
  arrivals: Record<string, { at: number; key: string }[]>;
  rateLimited: number;
  apiBytes: number;
  /** The fake's CPU since the last `mark`, ms. */
  cpuMs: number;
  /** The fake's `performance.timeOrigin`, to put its clock on ours. */
  timeOrigin: number;
}

interface RemoteSlack {
  apiUrl: string;
  /** Starts the fake's CPU count. */
  mark(): Promise<void>;
  /** What arrived since the last report; the fake then forgets it. */
  report(): Promise<FakeReport>;
  close(): void;
}

/**
 * The fake prints its API URL, then answers each command line on stdin (`mark`, `report`) with a line.
 * After a report it clears what it recorded and collects garbage, so one run's messages do not weigh on
 * the next (Slack's servers do not slow down for what other workspaces posted).
 */
async function startRemoteSlack(): Promise<RemoteSlack> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url)], {
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
  const ask = async (cmd: string) => {
    child.stdin?.write(`${cmd}\n`);
    return nextLine();
  };
  const apiUrl = await nextLine();
  return {
    apiUrl,
    mark: async () => void (await ask("mark")),
    report: async () => JSON.parse(await ask("report")) as FakeReport,
    close: () => child.kill(),
  };
}

if (process.env.DEALGRAPH_BENCH_FAKE_SLACK) {
  const fake = await startFakeSlack({
    channelRateLimit: { intervalMs: Number(process.env.DEALGRAPH_BENCH_FAKE_SLACK) },
  });
  let cpu0 = process.cpuUsage();
  process.stdout.write(`${fake.apiUrl}\n`);
  let pending = "";
  process.stdin.on("data", (d) => {
    pending += String(d);
    for (let i = pending.indexOf("\n"); i >= 0; i = pending.indexOf("\n")) {
      const cmd = pending.slice(0, i).trim();
      pending = pending.slice(i + 1);
      if (cmd === "mark") {
        cpu0 = process.cpuUsage();
        process.stdout.write("ok\n");
        continue;
      }
      const cpu = process.cpuUsage(cpu0);
      const arrivals: FakeReport["arrivals"] = {};
      for (const p of fake.posts) {
        if (!p.channel || p.method !== "chat.postMessage") continue;
        const meta = p.body.metadata as { event_payload?: { key?: string } } | undefined;
        const list = arrivals[p.channel] ?? [];
        list.push({ at: p.at, key: String(meta?.event_payload?.key ?? "") });
        arrivals[p.channel] = list;
      }
      const report: FakeReport = {
        arrivals,
        rateLimited: fake.rateLimited,
        apiBytes: fake.apiBytes,
        cpuMs: (cpu.user + cpu.system) / 1000,
        timeOrigin: performance.timeOrigin,
      };
      process.stdout.write(`${JSON.stringify(report)}\n`);
      fake.clear();
      globalThis.gc?.();
    }
  });
}

const load = () => loadavg()[0]?.toFixed(1) ?? "?";

interface FanOutRun {
  total: number;
  /** From our start to the fake's first arrival. */
  lead: number;
  /** From the first arrival to the last channel's first arrival. */
  firstWave: number;
  /** From the fake's last arrival to our end (its answer, the last writes). */
  tail: number;
  gaps: number[];
  delivered: number;
  duplicates: number;
  outOfOrder: number;
  rateLimited: number;
  cpuPerMessage: { dispatcher: number; fake: number };
  bytesPerRequest: number;
}

/** One fan-out of `message` to CHANNELS fresh channels (`run` keeps them apart from other runs'). */
async function fanOut(ctx: BenchContext, slack: RemoteSlack, message: NeutralMessage, run: number): Promise<FanOutRun> {
  const store = await openStore({ dbPath: join(ctx.tmpDir, `delivery-${run}.db`) });
  try {
    for (let i = 0; i < CHANNELS; i++) {
      await enqueue(store.db, {
        key: `digest:slack:C${run}X${i}:2026-02-04`,
        channel: `slack:C${run}X${i}`,
        kind: "digest",
        message,
        watermarkSeq: 1,
      });
    }
    const dispatcher = createDispatcher({
      store,
      config: { slack: null, discord: null },
      logger: silentLogger,
      senders: {
        slack: createSlackSender({
          token: "xoxb-bench",
          apiUrl: slack.apiUrl,
          channelIntervalMs: INTERVAL_MS,
          maxConcurrency: CONCURRENCY,
        }),
      },
      options: { concurrency: CONCURRENCY },
    });
    await slack.mark();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await dispatcher.drainOnce();
    const total = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const report = await slack.report();

    const perChannel = Object.values(report.arrivals);
    const delivered = perChannel.reduce((n, a) => n + a.length, 0);
    const keys = perChannel.flatMap((a) => a.map((x) => x.key));
    const first = (a: { at: number }[]) => a[0]?.at ?? Number.NaN;
    const last = (a: { at: number }[]) => a[a.length - 1]?.at ?? Number.NaN;
    const start = Math.min(...perChannel.map(first));
    // The fake's clock, moved onto ours.
    const ours = (at: number) => report.timeOrigin + at - performance.timeOrigin;
    return {
      total,
      lead: ours(start) - t0,
      firstWave: Math.max(...perChannel.map(first)) - start,
      tail: t0 + total - ours(Math.max(...perChannel.map(last))),
      gaps: perChannel.flatMap((a) => a.slice(1).map((x, i) => x.at - (a[i]?.at ?? 0))).sort((a, b) => a - b),
      delivered,
      duplicates: keys.length - new Set(keys).size,
      outOfOrder: perChannel.filter((a) => a.some((x, i) => i > 0 && x.key <= (a[i - 1]?.key ?? ""))).length,
      rateLimited: report.rateLimited,
      cpuPerMessage: {
        dispatcher: (cpu.user + cpu.system) / 1000 / delivered,
        fake: report.cpuMs / delivered,
      },
      bytesPerRequest: report.apiBytes / Math.max(1, delivered),
    };
  } finally {
    await store.close();
  }
}

/**
 * The same fan-out with no outbox: each channel's parts posted through the same HTTP path (`createSlackPost`),
 * the next one a second after the last answer, as many requests in flight. What the limit, this machine and
 * the HTTP path cost together; the gap to a dispatcher run is what the outbox (claims, leases, settling
 * writes) adds.
 */
async function referenceFanOut(slack: RemoteSlack, message: NeutralMessage, run: number): Promise<number> {
  const parts = renderSlack(message);
  const post = createSlackPost({ token: "xoxb-bench", apiUrl: slack.apiUrl, maxSockets: CONCURRENCY });
  let free = CONCURRENCY;
  const queue: (() => void)[] = [];
  const slot = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (free === 0) await new Promise<void>((r) => queue.push(r));
    else free--;
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
  const channel = async (i: number) => {
    let answered = Number.NEGATIVE_INFINITY;
    for (const [k, part] of parts.entries()) {
      // timers may fire a little early against performance.now(), as in the dispatcher
      for (
        let wait = answered + INTERVAL_MS - performance.now();
        wait > 0;
        wait = answered + INTERVAL_MS - performance.now()
      )
        await new Promise((r) => setTimeout(r, wait));
      await slot(() => post(part, { channel: `C${run}R${i}`, idempotencyKey: `ref:${run}:${i}:${k}` }));
      answered = performance.now();
    }
  };
  await slack.mark();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CHANNELS }, (_, i) => channel(i)));
  const total = performance.now() - t0;
  const report = await slack.report();
  if (report.rateLimited > 0) throw new Error(`reference fan-out got ${report.rateLimited} 429s`);
  return total;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

async function fanOuts(ctx: BenchContext, slack: RemoteSlack, parts: number, firstRun: number): Promise<void> {
  const { message, items } = digestOf(parts);
  const allowed = (parts - 1) * INTERVAL_MS;
  ctx.log(
    `  ${parts} Slack message${parts > 1 ? "s" : ""} per channel (a ${items}-item digest) × ${count(CHANNELS)} channels, ${RUNS} fan-outs:`,
  );
  const runs: FanOutRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await fanOut(ctx, slack, message, firstRun + i);
    runs.push(r);
    const gaps =
      r.gaps.length > 0 ? ` · spacing min ${ms(r.gaps[0] ?? 0)}, max ${ms(r.gaps[r.gaps.length - 1] ?? 0)}` : "";
    ctx.log(
      `    run ${i + 1}: ${ms(r.total)} = lead ${ms(r.lead)} + first wave ${ms(r.firstWave)} + ` +
        `paced ${ms(Math.max(0, r.total - r.lead - r.firstWave - r.tail))} + tail ${ms(r.tail)} · ` +
        `${count(r.delivered)}/${count(CHANNELS * parts)} delivered, duplicates ${r.duplicates}, out of order ${r.outOfOrder}, 429s ${r.rateLimited}${gaps} · ` +
        `CPU/msg dispatcher ${ms(r.cpuPerMessage.dispatcher)}, fake ${ms(r.cpuPerMessage.fake)} · ${count(r.bytesPerRequest)} B/request · load ${load()}`,
    );
  }
  const steady = median(runs.slice(1).map((r) => r.total));
  if (parts === 1) {
    ctx.log(
      `    one message per channel: nothing to space, so this measures throughput: ${count(CHANNELS / (steady / 1000))} msgs/s ` +
        `steady (${count(CHANNELS / ((runs[0]?.total ?? 0) / 1000))} msgs/s in run 1, the first fan-out after start)`,
    );
    return;
  }
  const over = (t: number) => (t / allowed - 1) * 100;
  const pct = (t: number) => `${over(t) >= 0 ? "+" : ""}${over(t).toFixed(1)}%`;
  const reference: number[] = [];
  for (let i = 0; i < RUNS; i++) reference.push(await referenceFanOut(slack, message, firstRun + i));
  const refSteady = median(reference.slice(1));
  ctx.log(
    `    reference without the outbox (same HTTP path, paced from each answer): steady ${ms(refSteady)}: ${pct(refSteady)}; ` +
      `runs ${reference.map((t) => ms(t)).join(", ")}`,
  );
  ctx.log(
    `    the limit allows ${ms(allowed)} (${parts - 1} one-second gap${parts > 2 ? "s" : ""} per channel, channels in parallel); ` +
      `steady state (median of runs 2–${RUNS}) ${ms(steady)}: ${pct(steady)} (target ≤ +10%) ${over(steady) <= 10 ? "OK" : "OVER"}; ` +
      `run 1 ${ms(runs[0]?.total ?? 0)}: ${pct(runs[0]?.total ?? 0)}; ours − reference: ${steady >= refSteady ? "+" : "−"}${ms(Math.abs(steady - refSteady))}`,
  );
}

export const deliverySection: BenchSection = {
  name: "delivery",
  title: `Digest fan-out to ${count(CHANNELS)} Slack channels at the per-channel limit`,
  async run(ctx) {
    ctx.log(
      `  fake Slack: 1 msg/s per channel, strict (real Slack tolerates short bursts and caps a workspace; not modelled) · ${CONCURRENCY} requests in flight`,
    );
    const slack = await startRemoteSlack();
    try {
      for (const [i, parts] of PARTS.entries()) await fanOuts(ctx, slack, parts, i * RUNS);
    } finally {
      slack.close();
    }
  },
};
