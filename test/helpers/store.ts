/**
 * Stores for tests: a temporary SQLite file, or a fresh PostgreSQL schema on DATABASE_URL (dropped on close).
 * Use `describe.each(dialects())` to run one suite on every dialect available here.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { applyImport } from "../../src/import/apply.js";
import { parseImportFile } from "../../src/import/parse.js";
import type { ImportSummary } from "../../src/import/types.js";
import { type Dialect, openStore, type Store } from "../../src/store/db.js";

export const SAMPLE_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../../data/ai-deals.sample.json");

let warned = false;

/** The dialects tests can run on here; PostgreSQL only with DATABASE_URL (the skip is printed once). */
export function dialects(): Dialect[] {
  if (process.env.DATABASE_URL) return ["sqlite", "postgres"];
  if (!warned) {
    console.warn(
      "PostgreSQL store tests skipped: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)",
    );
    warned = true;
  }
  return ["sqlite"];
}

export interface TestStore extends Store {
  /** The SQLite file (SQLite only), e.g. for opening a second connection. */
  path?: string;
  /** The PostgreSQL schema (PostgreSQL only). */
  schema?: string;
  /** Opens another store on the same database (another "process"); close it yourself. */
  reopen(): Promise<Store>;
}

/** A fresh, migrated, empty store. `close()` also removes it. */
export async function openTestStore(dialect: Dialect): Promise<TestStore> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "dealgraph-test-"));
    const path = join(dir, "store.db");
    const store = await openStore({ dbPath: path });
    return {
      ...store,
      path,
      reopen: () => openStore({ dbPath: path }),
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("openTestStore('postgres') needs DATABASE_URL");
  const schema = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
  const store = await openStore({ databaseUrl: url, pgSchema: schema });
  return {
    ...store,
    schema,
    reopen: () => openStore({ databaseUrl: url, pgSchema: schema }),
    close: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Imports the project's sample dataset (data/ai-deals.sample.json). */
export async function importSample(store: Store): Promise<ImportSummary> {
  const parsed = await parseImportFile(SAMPLE_PATH, { store });
  if (!parsed.ok) throw new Error(`sample does not import:\n${parsed.problems.join("\n")}`);
  return applyImport(store, parsed.data);
}

/** Everything an import writes, in key order: what two ways of importing the same data must leave alike. */
export async function writtenRows(store: Store) {
  const observations = await store.db
    .selectFrom("observations")
    .select(["deal_id", "observed_on", "fingerprint", "body", "publisher", "url", "lang"])
    .orderBy("id")
    .execute();
  const events = await store.db
    .selectFrom("events")
    .select(["seq", "type", "deal_id", "observed_on", "old_json", "new_json", "fingerprint"])
    .orderBy("seq")
    .execute();
  const deals = await store.db.selectFrom("deals").selectAll().orderBy("id").execute();
  return {
    observations,
    events: events.map((e) => ({ ...e, seq: Number(e.seq) })),
    deals: deals.map((d) => ({ ...d, updated_seq: Number(d.updated_seq) })),
  };
}
