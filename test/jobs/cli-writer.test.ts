import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addSubscription } from "../../src/store/subscription-repository.js";
import { importSample, openTestStore, type TestStore } from "../helpers/store.js";
import { FakeClock, type Harness, outbox, startTestJobs } from "./harness.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const run = promisify(execFile);

describe("an import from the CLI while the bot runs (SQLite, WAL)", () => {
  let store: TestStore;
  let h: Harness;

  beforeEach(async () => {
    store = await openTestStore("sqlite");
    await importSample(store);
    h = await startTestJobs(store, new FakeClock("2026-03-02T00:00:00Z"));
    await h.jobs.pollNow();
  });
  afterEach(async () => {
    await h.jobs.stop();
    await store.close();
  });

  it("produces an alert for each new event, once", async () => {
    await addSubscription(store.db, { channel: "slack:CCLI", company: "amd", minUsd: 1e9, kinds: [] });
    const file = join(dirname(store.path as string), "new.ndjson");
    const deal = (id: string, amount: number) =>
      JSON.stringify({
        type: "deal",
        deal: id,
        observed_on: "2026-03-02",
        kind: "purchase",
        from: "openai",
        to: "amd",
        amount: { value: amount, currency: "USD", qualifier: "exact" },
        status: "announced",
        title: { en: `OpenAI order ${id}` },
        source: { publisher: "Reuters" },
      });
    writeFileSync(file, `${deal("openai-amd-cli-1", 3e9)}\n${deal("openai-amd-cli-2", 2e8)}\n`);
    await run(
      join(root, "node_modules/.bin/tsx"),
      [join(root, "src/cli.ts"), "import", file, "--db", store.path as string],
      { cwd: root },
    );
    await h.jobs.pollNow();
    await h.jobs.pollNow();
    const rows = await outbox(store, "alert:");
    expect(rows.map((r) => r.summary)).toEqual([expect.stringContaining("OpenAI order openai-amd-cli-1")]);
  });
});
