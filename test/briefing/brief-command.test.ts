/** `dealgraph brief` run in-process through commander against a fresh SQLite store seeded with the sample. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerBriefCommand } from "../../src/cli/brief-command.js";
import { startFakeOpenAI } from "../fakes/openai.js";

const dir = mkdtempSync(join(tmpdir(), "dealgraph-brief-"));
const db = join(dir, "store.db");
const savedKey = process.env.OPENAI_API_KEY;
beforeAll(() => {
  delete process.env.OPENAI_API_KEY;
});
afterAll(() => {
  if (savedKey !== undefined) process.env.OPENAI_API_KEY = savedKey;
  rmSync(dir, { recursive: true, force: true });
});

async function brief(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const program = new Command().exitOverride();
  registerBriefCommand(program);
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const before = process.exitCode;
  try {
    await program.parseAsync(["node", "dealgraph", "brief", "--db", db, ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { out, err, code };
}

describe("dealgraph brief", () => {
  it("prints the Korean text digest of the sample's events since 2026-01-01", async () => {
    const { out, code } = await brief("--since", "2026-01-01", "--until", "2026-02-05", "--lang", "ko");
    expect(code).toBe(0);
    expect(out).toContain("관측일 기준 2026년 1월 1일~2월 5일");
    expect(out).toContain("• 엔비디아의 오픈AI 투자, 최대 1,000억 달러 → 200억 달러로 축소 보도 (2월 4일, 국민일보)");
    expect(out).toContain("• 엔비디아 → 오픈AI → 오라클 → 엔비디아");
  });

  it.each([
    ["slack", (v: unknown) => Array.isArray(v) && (v[0] as { blocks: unknown[] }).blocks.length > 0],
    ["discord", (v: unknown) => Array.isArray(v) && (v[0] as { embeds: unknown[] }).embeds.length === 1],
  ])("prints the %s payloads as JSON", async (format, check) => {
    const { out } = await brief("--since", "2026-01-01", "--until", "2026-02-05", "--lang", "en", "--format", format);
    const parsed: unknown = JSON.parse(out);
    expect(check(parsed)).toBe(true);
    expect(out).toContain("Nvidia's OpenAI investment reportedly cut to $20B from up to $100B");
  });

  it("prints Markdown", async () => {
    const { out } = await brief(
      "--since",
      "2026-01-01",
      "--until",
      "2026-02-05",
      "--lang",
      "en",
      "--format",
      "markdown",
    );
    expect(out.startsWith("## AI Deals Brief · ")).toBe(true);
    expect(out).toContain("**Revised amounts**");
  });

  it("says so in one line when the window holds no events, naming the day of the news before it", async () => {
    const { out } = await brief("--since", "2024-06-01", "--until", "2024-06-30", "--lang", "en");
    expect(out.trim()).toBe(
      "No new AI deal events observed in Jun 1–30, 2024; the last before that was observed on Feb 8, 2024.",
    );
  });

  it.each([
    [["--format", "pdf"], "--format must be one of"],
    [["--since", "2026-02-10", "--until", "2026-02-01"], "--since must not be after --until"],
    [
      ["--since", "last spring"],
      "--since: not a date; write 2025-01-01, 2025년 1월 1일, Nov 1, last week, or a span such as 7d",
    ],
    [["--until", "2026-02-30"], '--until: no such day in the calendar: "2026-02-30"'],
  ])("rejects %j with a one-line user error (in English with --lang en)", async (args, message) => {
    const { err, code } = await brief(...args, "--lang", "en");
    expect(code).toBe(1);
    expect(err).toContain(message);
  });
});

describe("dealgraph brief with an OpenAI-compatible endpoint configured", () => {
  const GOOD =
    "Nvidia's investment in OpenAI was cut to $20B from up to $100B. Talks had stalled on Jan 31. OpenAI also signed an inference-chip deal with Cerebras, terms undisclosed.";
  const saved = { url: process.env.OPENAI_BASE_URL };
  afterAll(() => {
    delete process.env.OPENAI_API_KEY;
    if (saved.url === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved.url;
  });

  it.each([
    ["a grounded lead opens the digest", GOOD, true],
    ["a lead with an invented number is dropped", "Nvidia will invest $35B in OpenAI.", false],
  ])("%s", async (_name, summary, kept) => {
    const fake = await startFakeOpenAI({ json: { summary } });
    process.env.OPENAI_API_KEY = "test-key";
    process.env.OPENAI_BASE_URL = fake.url;
    try {
      const { out } = await brief("--since", "2026-01-01", "--until", "2026-02-05", "--lang", "en");
      expect(fake.requests).toHaveLength(1);
      expect(out.includes(summary)).toBe(kept);
      if (kept) expect(out.indexOf(summary)).toBeLessThan(out.indexOf("New deals"));
      expect(out).toContain("Nvidia's OpenAI investment reportedly cut to $20B from up to $100B");
    } finally {
      await fake.close();
    }
  });
});
