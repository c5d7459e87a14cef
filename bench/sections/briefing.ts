/**
 * Briefing bench: compose a 500-event digest and render it for Slack, Discord, Markdown and text, in
 * Korean and English (target ≤ 100 ms for both languages together).
 */
import { composeDigest } from "../../src/briefing/digest.js";
import { FxTable } from "../../src/domain/fx.js";
import type { Amount, Deal, DealEvent, DealKind, DealStatus } from "../../src/domain/types.js";
import { renderDiscord } from "../../src/platforms/discord/discord-renderer.js";
import { renderMarkdown } from "../../src/platforms/markdown-renderer.js";
import { renderSlack, type SlackMessage } from "../../src/platforms/slack/slack-renderer.js";
import { renderText } from "../../src/platforms/text-renderer.js";
import type { BenchSection } from "../section.js";
import { measure, ms } from "../stats.js";

const EVENTS = 500;
const TARGET_MS = 100;
const KINDS: DealKind[] = ["investment", "purchase", "funding_round", "acquisition", "loan", "warrant", "partnership"];
const STATUSES: DealStatus[] = ["reported", "announced", "signed", "completed", "stalled"];
const PUBLISHERS = ["Reuters", "Bloomberg", "WSJ", "국민일보", "CNBC"];

/** 500 events over ~250 deals: additions, revisions, status changes, cancellations and extra sources. */
export function syntheticDigestInput(n = EVENTS) {
  const companies = Array.from({ length: 60 }, (_, i) => `co${i}`);
  const deals = new Map<string, Deal>();
  const events: DealEvent[] = [];
  let seq = 0;
  const usd = (v: number, q: Amount["qualifier"] = "exact"): Amount => ({ value: v, currency: "USD", qualifier: q });
  for (let i = 0; events.length < n; i++) {
    const day = `2026-02-${String(1 + (i % 28)).padStart(2, "0")}`;
    const kind = KINDS[i % KINDS.length] as DealKind;
    const amount =
      i % 5 === 0
        ? null
        : i % 7 === 0
          ? { value: 1e11 + i * 1e9, currency: "KRW", qualifier: "approx" as const }
          : usd((i % 97) * 1e8 + 1e8, i % 3 === 0 ? "up_to" : "exact");
    const deal: Deal = {
      id: `d${i}`,
      kind,
      from: kind === "funding_round" ? null : (companies[i % 60] as string),
      to: companies[(i * 7 + 1) % 60] as string,
      amount,
      status: STATUSES[i % STATUSES.length] as DealStatus,
      title:
        i % 4 === 0
          ? {}
          : {
              ko: `거래 ${i}: 기업 ${i % 60}의 대규모 계약`,
              en: `Deal ${i}: company ${i % 60} signs a large contract`,
            },
      observedOn: day,
      firstObservedOn: day,
      sources: [{ publisher: PUBLISHERS[i % 5] as string, url: `https://news.example/${i}`, date: day }],
    };
    deals.set(deal.id, deal);
    const at = (type: DealEvent["type"], old: unknown, next: unknown): DealEvent => ({
      seq: ++seq,
      type,
      dealId: deal.id,
      observedOn: day,
      old,
      new: next,
      recordedAt: `${day}T00:00:00Z`,
    });
    events.push(at("deal_added", null, deal));
    if (i % 3 === 1) events.push(at("amount_changed", usd(5e10, "up_to"), amount));
    if (i % 4 === 2) events.push(at("status_changed", "announced", deal.status));
    if (i % 11 === 0) events.push(at("status_changed", deal.status, "cancelled"));
    if (i % 5 === 3)
      events.push(at("source_added", null, { publisher: "Nikkei", url: `https://nikkei.example/${i}`, date: day }));
  }
  const names = (id: string) => ({ en: `Company ${id.slice(2)}`, ko: `기업${id.slice(2)}` });
  const cyclesTouched = Array.from({ length: 10 }, (_, k) => ({
    path: [`co${k}`, `co${k + 1}`, `co${k + 2}`],
    deals: [`d${k}`, `d${k + 1}`, `d${k + 2}`],
  }));
  return {
    events: events.slice(0, n),
    deals,
    names,
    cyclesTouched,
    fx: new FxTable([{ currency: "KRW", on: "2026-01-01", rate: 1450 }]),
  };
}

/** Characters of block text in one Slack message (what its per-message budget counts). */
function slackTextLength(m: SlackMessage): number {
  let n = 0;
  for (const b of m.blocks) {
    if (b.type === "section") n += (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((k, f) => k + f.text.length, 0);
    else if (b.type === "context") n += b.elements.reduce((k, e) => k + e.text.length, 0);
    else if (b.type === "header") n += b.text.text.length;
  }
  return n;
}

export const briefingSection: BenchSection = {
  name: "briefing",
  title: `Briefing: compose and render a ${EVENTS}-event digest (ko + en)`,
  async run(ctx) {
    const input = syntheticDigestInput();
    const now = new Date("2026-03-01T00:00:00Z");
    let slackMessages = 0;
    let slackLargest = 0;
    let discordMessages = 0;
    const once = () => {
      for (const lang of ["ko", "en"] as const) {
        const msg = composeDigest({ ...input, lang, now, tz: "Asia/Seoul" });
        if (!msg) throw new Error("empty digest");
        const slack = renderSlack(msg);
        slackMessages = slack.length;
        slackLargest = Math.max(...slack.map(slackTextLength));
        discordMessages = renderDiscord(msg).length;
        renderMarkdown(msg);
        renderText(msg);
      }
    };
    const runs = 30;
    const warmup = 3;
    const cpuBefore = process.cpuUsage();
    const l = measure(once, runs, warmup);
    const cpu = process.cpuUsage(cpuBefore);
    // CPU time per run shows the cost when other processes share the cores and stretch wall time.
    const cpuMs = (cpu.user + cpu.system) / 1000 / (runs + warmup);
    const verdict = l.p50 <= TARGET_MS ? "ok" : "OVER TARGET";
    ctx.log(
      `compose + render ko and en: p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)} (target ≤ ${TARGET_MS} ms: ${verdict}); CPU ${ms(cpuMs)} per run`,
    );
    ctx.log(
      `one digest splits into ${slackMessages} Slack (largest ${slackLargest.toLocaleString("en-US")} characters) and ${discordMessages} Discord messages`,
    );
  },
};
