import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SAMPLE_PATH } from "../helpers/store.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const MAIN = join(ROOT, "src/main.ts");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `npm start`'s entry point with piped stdin, no platform tokens and a fresh store (run from a temp dir, so no .env applies). */
function runConsole(
  input: string,
  env: Record<string, string> = {},
  opts: { closeOutput?: boolean } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "dealgraph-console-"));
  dirs.push(dir);
  const child = spawn(TSX, [MAIN], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      DEALGRAPH_DB: join(dir, "store.db"),
      DEALGRAPH_SAMPLE: SAMPLE_PATH,
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  // as `npm start | head` does once it has its lines: every later write fails with EPIPE
  if (opts.closeOutput) child.stdout.destroy();
  child.stdin.end(input);
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

describe("the console platform through the real entry point", () => {
  it("answers piped commands in Korean and English, then exits 0 at end of input", async () => {
    const r = await runConsole(
      [
        "/funding OpenAI",
        "/exposure 엔비디아 lang:en",
        "funding 엔비디어",
        "",
        "/cycles lang:en",
        "/digest 08:00 tz:Asia/Seoul",
      ].join("\n"),
      { DEFAULT_LANG: "ko" },
    );
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain("오픈AI 투자 유치");
    expect(out).toContain("1,200억 달러");
    expect(out).toContain("Nvidia → OpenAI → Oracle → Nvidia");
    expect(out).toContain("혹시 이 기업인가요? 엔비디아");
    expect(out).toContain("AMD → OpenAI → AMD");
    expect(out).toContain("08:00 (Asia/Seoul)");
    // answers come in the order asked, and no log lines or prompts mix into stdout
    expect(out.indexOf("1,200억 달러")).toBeLessThan(out.indexOf("Nvidia → OpenAI"));
    expect(out).not.toContain('"level"');
    expect(out).not.toContain("dealgraph>");
  });

  it("a malformed option prints the usage line, and English is the default when DEFAULT_LANG=en", async () => {
    const r = await runConsole("/funding OpenAI since\n/funding OpenAI when:today\n", { DEFAULT_LANG: "en" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Could not make sense of “since” after OpenAI.");
    expect(r.stdout).toContain("Usage: /funding <company> [since:YYYY-MM-DD]");
  });

  it("stops quietly when the reader closes the pipe early (`npm start | head`)", async () => {
    const r = await runConsole("/help\n/cycles\n", {}, { closeOutput: true });
    expect(r.stderr).not.toContain("EPIPE");
    expect(r.code).toBe(0);
  });

  it("a malformed setting stops start-up with one clear line", async () => {
    const r = await runConsole("/funding OpenAI\n", { DEFAULT_LANG: "fr" });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("DEFAULT_LANG");
  });
});
