/**
 * A bot process killed with SIGKILL in the middle of a digest fan-out: on restart it sends exactly the
 * channels it had not reached, and the message whose answer it never saw is found, not posted again.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listOutbox } from "../../src/delivery/outbox.js";
import { getWatermark } from "../../src/store/channel-repository.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { dialects, openTestStore, type TestStore } from "../helpers/store.js";

const CHILD = join(dirname(fileURLToPath(import.meta.url)), "child-dispatch.ts");
const CHANNELS = ["C1", "C2", "C3", "C4", "C5"];

function runChild(
  store: TestStore,
  slack: FakeSlack,
): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; out: string }> } {
  const env = {
    ...process.env,
    SLACK_API_URL: slack.apiUrl,
    CHANNELS: CHANNELS.join(","),
    LEASE_MS: "800",
    ...(store.dialect === "sqlite" ? { STORE_PATH: store.path } : { PG_SCHEMA: store.schema }),
  };
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d) => (out += String(d)));
  child.stderr?.on("data", (d) => (out += String(d)));
  const exited = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, out })),
  );
  return { child, exited };
}

describe.each(dialects())("digest fan-out killed mid-way on %s", (dialect) => {
  let store: TestStore;
  let slack: FakeSlack;
  let victim: ChildProcess | null = null;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    // Kill the process the moment the third channel's message is stored, before Slack's answer goes out.
    slack = await startFakeSlack({
      onMessage: () => {
        if (CHANNELS.filter((c) => slack.history(c).length > 0).length === 3) victim?.kill("SIGKILL");
      },
    });
  });
  afterEach(async () => {
    victim?.kill("SIGKILL");
    await slack.close();
    await store.close();
  });

  it("resumes on restart and sends exactly the other two channels", { timeout: 30_000 }, async () => {
    const first = runChild(store, slack);
    victim = first.child;
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    expect(CHANNELS.filter((c) => slack.history(c).length > 0)).toHaveLength(3);
    const statuses = (await listOutbox(store.db)).map((r) => r.status);
    expect(statuses.filter((s) => s === "sent")).toHaveLength(2);
    expect(statuses.filter((s) => s === "sending")).toHaveLength(1);

    victim = null;
    const second = await runChild(store, slack).exited;
    expect(second.out).toContain("done");
    expect(second.code).toBe(0);

    for (const c of CHANNELS) expect(slack.history(c)).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(5);
    expect((await listOutbox(store.db)).map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent", "sent"]);
    for (const c of CHANNELS) expect(await getWatermark(store.db, `slack:${c}`)).toBe(7);
  });
});
