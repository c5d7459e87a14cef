import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { signedCommand } from "../fakes/slack-command.js";
import { SAMPLE_PATH } from "../helpers/store.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SECRET = "main-test-secret";

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

let fake: FakeSlack;
let child: ChildProcess;
let dir: string;
let port: number;
let stdout = "";
let exit: Promise<number | null>;

beforeAll(async () => {
  fake = await startFakeSlack();
  port = await freePort();
  dir = mkdtempSync(join(tmpdir(), "dealgraph-main-"));
  child = spawn(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "src/main.ts")], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      DEALGRAPH_DB: join(dir, "store.db"),
      DEALGRAPH_SAMPLE: SAMPLE_PATH,
      SLACK_BOT_TOKEN: "xoxb-main-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DEFAULT_LANG: "en",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  exit = new Promise((r) => child.on("exit", (code) => r(code)));
  const start = Date.now();
  while (!stdout.includes("dealgraph is running")) {
    if (Date.now() - start > 20_000) throw new Error(`the bot did not start:\n${stdout}`);
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm start with Slack tokens (the real entry point against a fake Slack)", () => {
  it("serves signed slash commands on PORT and logs no secret", async () => {
    const res = await signedCommand(`http://127.0.0.1:${port}`, SECRET, {
      command: "/funding",
      text: "OpenAI",
      response_url: fake.responseUrl("main-1"),
    });
    expect(res.status).toBe(200);
    const start = Date.now();
    while (!fake.posts.some((p) => p.id === "main-1")) {
      if (Date.now() - start > 10_000) throw new Error("no answer");
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(JSON.stringify(fake.posts.find((p) => p.id === "main-1")?.body)).toContain("$120B");
    expect(stdout).not.toContain(SECRET);
    expect(stdout).not.toContain("xoxb-main-test");
  });

  it("shuts down cleanly on SIGTERM", async () => {
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});
