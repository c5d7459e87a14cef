/**
 * `importFiles`: several files in order, each validated whole and applied in its own transaction (all of
 * it or nothing). The next file is read and validated while the previous one is still being written.
 */
import type { Store } from "../store/db.js";
import { type ApplyOptions, type StartedImport, startImport } from "./apply.js";
import { parseImportFile } from "./parse.js";
import type { ImportSummary, ParseOptions } from "./types.js";

export type FileOutcome =
  | { file: string; ok: true; summary: ImportSummary }
  | { file: string; ok: false; problems: string[] };

/** Stops at the first file with problems: the files before it are imported, it and those after are not. */
export async function importFiles(
  store: Store,
  files: readonly string[],
  opts: ParseOptions & ApplyOptions = {},
): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  // Most files of a run name the same companies: each name is looked up in the store once.
  const companyKeys = new Map<string, string>();
  let previous: StartedImport | null = null;
  for (const file of files) {
    // Companies and FX rates a file adds must be in the store before the next file is checked against it.
    if (previous && addsReferences(previous.summary)) {
      await previous.committed;
      companyKeys.clear();
    }
    const parsed = await parseImportFile(file, {
      store,
      allowImplausible: opts.allowImplausible ?? false,
      companyKeys,
    });
    await previous?.committed;
    previous = null;
    if (!parsed.ok) {
      outcomes.push({ file, ok: false, problems: parsed.problems });
      break;
    }
    previous = await startImport(store, parsed.data, opts);
    outcomes.push({ file, ok: true, summary: previous.summary });
  }
  await previous?.committed;
  return outcomes;
}

function addsReferences(s: ImportSummary): boolean {
  return s.companies.added > 0 || s.companies.updated > 0 || s.fx > 0;
}
