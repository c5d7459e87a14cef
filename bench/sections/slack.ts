/**
 * Slack slash commands end to end: a signed command POSTed to the bot's HTTP receiver (Bolt), run
 * against a store of 100k deals, answered through response_url on a fake Slack. Target p99 ≤ 150 ms;
 * 200 concurrent commands with no error.
 */
import { join } from "node:path";
import { commands } from "../../commands/index.js";
import { createAppContext } from "../../src/app-context.js";
import { loadConfig } from "../../src/config.js";
import type { Company, Observation } from "../../src/domain/types.js";
import { applyImport } from "../../src/import/apply.js";
import { silentLogger } from "../../src/log.js";
import { startSlack } from "../../src/platforms/slack/slack-platform.js";
import { openStore } from "../../src/store/db.js";
import { seedIfEmpty } from "../../src/store/seed.js";
import { type FakeSlack, startFakeSlack } from "../../test/fakes/slack.js";
import { signedCommand } from "../../test/fakes/slack-command.js";
import type { BenchSection } from "../section.js";
import { count, label, ms, percentiles } from "../stats.js";

const DEALS = 100_000;
const SECRET = "bench-signing-secret";
const SAMPLE = join(import.meta.dirname, "../../data/ai-deals.sample.json");
const KINDS = ["investment", "purchase", "purchase", "loan", "partnership"] as const;
const STATUSES = ["announced", "reported", "signed", "completed"] as const;

/** Heavy-tailed synthetic deals: a few hubs (the sample's Nvidia and OpenAI among them) take most edges. */
export function synthetic(n: number): { companies: Company[]; observations: Observation[] } {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const companies: Company[] = Array.from({ length: 2000 }, (_, i) => ({
    id: `bench-co-${i}`,
    name: { en: `Bench Co ${i}`, ko: `벤치 기업 ${i}` },
    aliases: [],
    role: "software",
  }));
  const ids = ["nvidia", "openai", "oracle", "amd", "microsoft", ...companies.map((c) => c.id)];
  // Zipf-like pick: low indices (the hubs) far more often
  const pick = () => ids[Math.min(ids.length - 1, Math.floor(ids.length ** rnd()) - 1)] as string;
  const observations: Observation[] = [];
  for (let i = 0; i < n; i++) {
    const from = pick();
    let to = pick();
    if (to === from) to = ids[(ids.indexOf(from) + 1) % ids.length] as string;
    const month = 1 + Math.floor(rnd() * 12);
    observations.push({
      deal: `bench-${i}`,
      observed_on: `2025-${String(month).padStart(2, "0")}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`,
      kind: KINDS[i % KINDS.length] as Observation["kind"],
      from,
      to,
      amount: rnd() < 0.2 ? null : { value: Math.round(1e6 + rnd() * 5e9), currency: "USD", qualifier: "exact" },
      status: STATUSES[i % STATUSES.length] as Observation["status"],
      title: { en: `Bench deal ${i}`, ko: `벤치 거래 ${i}` },
      source: { publisher: "Bench Wire" },
    });
  }
  return { companies, observations };
}

async function waitForAnswers(fake: FakeSlack, ids: string[], timeoutMs: number): Promise<Map<string, number>> {
  const want = new Set(ids);
  const at = new Map<string, number>();
  let seen = 0;
  const start = performance.now();
  while (at.size < want.size) {
    for (; seen < fake.posts.length; seen++) {
      const p = fake.posts[seen];
      if (p?.method === "response_url" && p.id && want.has(p.id) && !at.has(p.id)) at.set(p.id, p.at);
    }
    if (performance.now() - start > timeoutMs) break;
    await new Promise((r) => setImmediate(r));
  }
  return at;
}

export const slackSection: BenchSection = {
  name: "slack",
  title: `Slack slash commands through the HTTP receiver (${label(DEALS)} deals)`,
  async run(ctx) {
    const dbPath = join(ctx.tmpDir, "slack-bench.db");
    const store = await openStore({ dbPath });
    await seedIfEmpty(store, SAMPLE);
    const data = synthetic(DEALS);
    await applyImport(store, { file: "synthetic", companies: data.companies, observations: data.observations, fx: [] });
    await store.close();

    const config = loadConfig({ DEALGRAPH_DB: dbPath, DEALGRAPH_SAMPLE: SAMPLE, LOG_LEVEL: "silent" });
    const app = await createAppContext(config, silentLogger);
    const fake = await startFakeSlack();
    const bot = await startSlack({
      app,
      commands,
      config: {
        botToken: "xoxb-bench",
        signingSecret: SECRET,
        appToken: null,
        apiUrl: fake.apiUrl,
        adminUsers: [],
        socketMode: false,
      },
      port: 0,
      host: "127.0.0.1",
    });
    const url = `http://127.0.0.1:${bot.port}`;
    // the HTTP path alone (/help reads no deals), hub questions (thousands of deals each), ordinary ones
    const mix = [
      "/help",

      "/funding OpenAI",
      "/exposure 엔비디아 lang:en",
      "/cycles oracle",
      "/deals openai",
      "/funding bench co 7",
      "/exposure bench co 20",
    ];
    let n = 0;
    const send = async (line: string) => {
      n += 1;
      const id = `b${n}`;
      const [command, ...rest] = line.split(" ");
      const t = performance.now();
      const res = await signedCommand(url, SECRET, {
        command: command as string,
        text: rest.join(" "),
        response_url: fake.responseUrl(id),
      });
      return { id, t, status: res.status };
    };
    try {
      for (let i = 0; i < 20; i++) {
        const w = await send(mix[i % mix.length] as string);
        await waitForAnswers(fake, [w.id], 10_000);
      }
      const all: number[] = [];
      for (const line of mix) {
        const times: number[] = [];
        for (let i = 0; i < 40; i++) {
          const w = await send(line);
          const done = (await waitForAnswers(fake, [w.id], 10_000)).get(w.id);
          if (done !== undefined) times.push(done - w.t);
        }
        all.push(...times);
        const lat = percentiles(times);
        ctx.log(`  ${line.padEnd(28)} p50 ${ms(lat.p50)}, p99 ${ms(lat.p99)}`);
      }
      const lat = percentiles(all);
      ctx.log(
        `sequential, ${all.length} commands of the mix above: p50 ${ms(lat.p50)}, p99 ${ms(lat.p99)}, max ${ms(lat.max)} (target p99 ≤ 150 ms)`,
      );

      const t0 = performance.now();
      const sent = await Promise.all(Array.from({ length: 200 }, (_, i) => send(mix[i % mix.length] as string)));
      const at = await waitForAnswers(
        fake,
        sent.map((s) => s.id),
        60_000,
      );
      const total = performance.now() - t0;
      const refused = sent.filter((s) => s.status !== 200).length;
      const failed = fake.posts.filter(
        (p) => p.id && sent.some((s) => s.id === p.id) && /error id|오류 ID/.test(JSON.stringify(p.body)),
      ).length;
      const conc = percentiles(sent.map((s) => (at.get(s.id) ?? Number.NaN) - s.t).filter((x) => !Number.isNaN(x)));
      ctx.log(
        `200 concurrent: ${count(at.size)} answered, ${refused} not acked, ${failed} errors, all in ${ms(total)}; p50 ${ms(conc.p50)}, p99 ${ms(conc.p99)}`,
      );
    } finally {
      await bot.stop();
      await fake.close();
      await app.close();
    }
  },
};
