import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { registerChartCommand } from "../../src/cli/chart-command.js";

const dir = mkdtempSync(join(tmpdir(), "chart-cli-"));
const db = join(dir, "store.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** Runs `dealgraph chart …` in-process against a fresh SQLite store (seeded with the sample); returns stderr. */
async function chart(...args: string[]): Promise<string> {
  const program = new Command().name("dealgraph").exitOverride();
  registerChartCommand(program);
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  await program.parseAsync(["node", "dealgraph", "chart", ...args, "--db", db]);
  return stderr;
}

const isPng = (path: string): boolean => readFileSync(path).subarray(1, 4).toString("latin1") === "PNG";

describe("dealgraph chart", () => {
  it("exposure 엔비디아 writes a Korean PNG of Nvidia's flows", async () => {
    const out = join(dir, "nvidia.png");
    expect(await chart("exposure", "엔비디아", "--out", out, "--lang", "ko")).toBe("");
    expect(process.exitCode ?? 0).toBe(0);
    expect(isPng(out)).toBe(true);
  }, 30_000);

  it("cycles with a company writes only that company's loops", async () => {
    const out = join(dir, "cycles-openai.png");
    expect(await chart("cycles", "OpenAI", "--out", out, "--lang", "en")).toBe("");
    expect(isPng(out)).toBe(true);
  }, 30_000);

  it("an unknown company is a user error with suggestions, and no file is written", async () => {
    const out = join(dir, "nope.png");
    const err = await chart("exposure", "nvdia", "--out", out, "--lang", "en");
    expect(err).toContain("No company matches “nvdia”");
    expect(err).toContain("Nvidia");
    expect(process.exitCode).toBe(1);
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it("refuses an --out that is not a .png file", async () => {
    const err = await chart("cycles", "--out", join(dir, "chart.jpg"));
    expect(err).toContain("--out에는 .png 파일 이름을 넣어 주세요.");
    expect(await chart("cycles", "--out", join(dir, "chart.jpg"), "--lang", "en")).toContain(
      "--out must name a .png file",
    );
    expect(process.exitCode).toBe(1);
  });
});
