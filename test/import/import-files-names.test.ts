import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importFiles } from "../../src/import/import-files.js";
import { importSample, openTestStore, type TestStore } from "../helpers/store.js";

/** An NDJSON deal line from `from` to `to`. */
const deal = (id: string, from: string, to: string) =>
  JSON.stringify({
    type: "deal",
    deal: id,
    observed_on: "2025-05-01",
    kind: "purchase",
    from,
    to,
    amount: null,
    status: "announced",
  });

describe("company names across the files of one import run", () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore("sqlite");
    await importSample(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it("resolve in later files as in the first, however a company is named, and unknown ones are still refused", async () => {
    const dir = join(store.path as string, "..");
    const files = ["ids", "aliases", "unknown"].map((name) => join(dir, `${name}.ndjson`));
    const [ids, aliases, unknown] = files as [string, string, string];
    // The first file names companies by id, so later files find those names already looked up.
    writeFileSync(ids, [deal("n-1", "nvidia", "openai"), deal("n-2", "oracle", "openai")].join("\n"));
    writeFileSync(
      aliases,
      [deal("n-3", "NVDA", "오픈AI"), deal("n-4", "nvidia", "Open AI"), deal("n-5", "Oracle Corp", "openai")].join(
        "\n",
      ),
    );
    writeFileSync(unknown, [deal("n-6", "nvidia", "openai"), deal("n-7", "nvidia", "nosuchco")].join("\n"));

    const outcomes = await importFiles(store, files);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    const refused = outcomes[2];
    if (refused?.ok !== false) throw new Error("the third file should be refused");
    expect(refused.problems).toHaveLength(1);
    expect(refused.problems[0]).toContain(`${unknown}:2: to: unknown company "nosuchco"`);

    const rows = await store.db
      .selectFrom("deals")
      .select(["id", "from_id", "to_id"])
      .where("id", "like", "n-%")
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { id: "n-1", from_id: "nvidia", to_id: "openai" },
      { id: "n-2", from_id: "oracle", to_id: "openai" },
      { id: "n-3", from_id: "nvidia", to_id: "openai" },
      { id: "n-4", from_id: "nvidia", to_id: "openai" },
      { id: "n-5", from_id: "oracle", to_id: "openai" },
    ]);
  });
});
