/**
 * `importFiles`: several files in order, each validated whole and applied in its own transaction (all of
 * it or nothing). The next file is read and validated while the previous one is still being written.
 */
import { stat } from "node:fs/promises";
import type { Store } from "../store/db.js";
import { type ApplyOptions, type StartedImport, startImport, WRITER_THREAD_MIN, writerFor } from "./apply.js";
import { importWriter } from "./import-writer.js";
import { parseImportFile } from "./parse.js";
import type { ImportData, ImportSummary, ParseOptions } from "./types.js";

/** Bytes of a typical deal record with an amount and a source (titles and URLs make most longer). */
const TYPICAL_RECORD_BYTES = 200;

export type FileOutcome =
  | { file: string; ok: true; summary: ImportSummary }
  | { file: string; ok: false; problems: string[] };

/**
 * Stops at the first file with problems: the files before it are imported, it and those after are not.
 * `onOutcome` hears of each file as soon as it is settled (committed, or refused), for progress.
 */
export async function importFiles(
  store: Store,
  files: readonly string[],
  opts: ParseOptions & ApplyOptions & { onOutcome?: (outcome: FileOutcome) => void } = {},
): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  const settle = (outcome: FileOutcome) => {
    outcomes.push(outcome);
    opts.onOutcome?.(outcome);
  };
  // The writer thread takes most of a second to start: start it while the first file is read.
  const writer = opts.writerThread !== false && (await worthAWriter(files)) ? importWriter(store) : null;
  // Most files of a run name the same companies: each name is looked up in the store once.
  const companyKeys = new Map<string, string>();
  let previous: { file: string; data: ImportData; started: StartedImport } | null = null;
  /** The previous file as the writer writes it: started again if it was planned ahead and found stale. */
  const confirmPrevious = async () => {
    if (previous && !(await previous.started.begun)) previous.started = await startImport(store, previous.data, opts);
  };
  const commitPrevious = async () => {
    await confirmPrevious();
    if (!previous) return;
    const { file, data } = previous;
    let { started } = previous;
    previous = null;
    // Planned ahead, it took a stored deal to be new: nothing of it was written, and it is planned again.
    if (!(await started.committed)) {
      started = await startImport(store, data, opts);
      await started.committed;
    }
    settle({ file, ok: true, summary: started.summary });
  };
  const parse = (file: string, first = false) =>
    parseImportFile(file, {
      store,
      allowImplausible: opts.allowImplausible ?? false,
      ...(opts.lang ? { lang: opts.lang } : {}),
      companyKeys,
      // The writer has nothing to do yet while the first file is read: it looks up the file's company names.
      ...(first && writer ? { lookUpAhead: (keys: string[]) => writer.companyKeys(keys) } : {}),
    });
  /** The next file, read while the writer looked up the stored deals of the one before. */
  let readAhead: Promise<Awaited<ReturnType<typeof parse>>> | null = null;
  for (const [i, file] of files.entries()) {
    // Companies and FX rates a file adds must be in the store before the next file is checked against it.
    if (previous && mayAddReferences(previous.data)) {
      await confirmPrevious();
      if (addsReferences(previous.started.summary)) {
        await commitPrevious();
        companyKeys.clear();
      }
    }
    const parsed = await (readAhead ?? parse(file, i === 0));
    readAhead = null;
    if (!parsed.ok) {
      await commitPrevious();
      settle({ file, ok: false, problems: parsed.problems });
      break;
    }
    // A large file is planned against the one before while that is still being written (see Ahead).
    await confirmPrevious();
    const writer = writerFor(store, parsed.data, opts);
    const ahead = previous && writer ? await previous.started.ahead : null;
    // The file before could not be planned against: it found deals of its own stored, and this one likely will.
    const revising = previous !== null && writer !== null && ahead === null;
    if (!ahead) await commitPrevious();
    const starting = startImport(store, parsed.data, opts, ahead);
    // The import waits for the writer to look up its stored deals: the next file is read meanwhile.
    const next = files[i + 1];
    if (revising && next !== undefined && !mayAddReferences(parsed.data)) {
      readAhead = parse(next);
      readAhead.catch(() => undefined); // awaited at the next file
    }
    const started = await starting;
    await commitPrevious();
    previous = { file, data: parsed.data, started };
  }
  await commitPrevious();
  return outcomes;
}

/** Files large enough to hold WRITER_THREAD_MIN typical deal records. */
async function worthAWriter(files: readonly string[]): Promise<boolean> {
  let bytes = 0;
  for (const file of files)
    bytes += await stat(file).then(
      (s) => s.size,
      () => 0,
    );
  return bytes >= WRITER_THREAD_MIN * TYPICAL_RECORD_BYTES;
}

function mayAddReferences(data: ImportData): boolean {
  return data.companies.length > 0 || data.fx.length > 0;
}

function addsReferences(s: ImportSummary): boolean {
  return s.companies.added > 0 || s.companies.updated > 0 || s.fx > 0;
}
