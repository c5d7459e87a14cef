/** Seeding a fresh store with the project's sample dataset, so a new install has data to show. */
import { applyImport } from "../import/apply.js";
import { parseImportFile } from "../import/parse.js";
import type { ImportSummary } from "../import/types.js";
import type { Store } from "./db.js";

/** Imports `samplePath` when the store has no deals; returns the summary, or null when it had data. */
export async function seedIfEmpty(store: Store, samplePath: string): Promise<ImportSummary | null> {
  const any = await store.db.selectFrom("deals").select("id").limit(1).executeTakeFirst();
  if (any) return null;
  const parsed = await parseImportFile(samplePath, { store });
  if (!parsed.ok) throw new Error(`the sample dataset ${samplePath} does not import:\n${parsed.problems.join("\n")}`);
  return applyImport(store, parsed.data);
}
