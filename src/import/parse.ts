/** `parseImportFile`: read a JSON, NDJSON or CSV import file and validate all of it. */
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { CompanyResolver } from "../domain/company-resolver.js";
import type { Company } from "../domain/types.js";
import { companyIdsByKey, listCompanies } from "../store/company-repository.js";
import type { Store } from "../store/db.js";
import { listFxRates } from "../store/fx-repository.js";
import type { Said } from "./problem-text.js";
import { readCsv } from "./read-csv.js";
import { readJson } from "./read-json.js";
import { readNdjson } from "./read-ndjson.js";
import type { ReadResult } from "./records.js";
import type { ImportData, ParseOptions, ParseResult } from "./types.js";
import { type Known, type Problem, RecordValidator } from "./validate.js";

export type ImportFormat = "json" | "ndjson" | "csv";

export interface ParseFileOptions extends ParseOptions {
  /** The store the file will go into: its companies and FX rates count as known. */
  store?: Store;
  /** Overrides detection by file extension. */
  format?: ImportFormat;
  /**
   * Company look-up keys already read from `store` (key → company id), shared by the files of one run: only
   * keys not in it are looked up, and those found are added. Clear it when the store's companies change.
   */
  companyKeys?: Map<string, string>;
  /**
   * Looks up company keys in `store` elsewhere (the import's writer thread), each the id or null: the names a
   * large file uses are then looked up in batches while it is still being read, into `companyKeys`.
   */
  lookUpAhead?: (keys: string[]) => Promise<(string | null)[]>;
}

/** Names a batch looked up while a file is read (see `lookUpAhead`); the last few are looked up at the end. */
const NAMES_AHEAD = 4_096;

/** Unknown names past this many get no "did you mean" (a file whose companies file was forgotten has thousands). */
const SUGGESTED_NAMES = 20;

/** Adds the closest companies (in the store or the file) to the first unknown names' problems. */
async function suggestCompanies(problems: Problem[], store: Store | undefined, fileCompanies: Company[]) {
  const unknown = problems.filter((p) => p.unknownCompany !== undefined);
  if (unknown.length === 0) return;
  const resolver = new CompanyResolver([...(store ? await listCompanies(store.db) : []), ...fileCompanies]);
  const hints = new Map<string, string[] | null>();
  for (const p of unknown) {
    const name = p.unknownCompany as string;
    let hint = hints.get(name);
    if (hint === undefined) {
      const r = hints.size < SUGGESTED_NAMES ? resolver.resolve(name) : null;
      const near = r && !r.ok ? r.suggestions : [];
      hint = near.length === 0 ? null : near.map(describe);
      hints.set(name, hint);
    }
    if (hint)
      p.message = {
        en: `${p.message.en}; did you mean ${hint.join(" or ")}?`,
        ko: `${p.message.ko}. 비슷한 이름: ${hint.join(", ")}`,
      };
  }
}

/** `nvidia (Nvidia, 엔비디아)`: the id, which an import may always use, and the names. */
function describe(c: Company): string {
  const names = [...new Set([c.name.en, c.name.ko].filter(Boolean))].join(", ");
  return names ? `${c.id} (${names})` : c.id;
}

/** By extension; otherwise by content (a whole JSON document, else NDJSON if it starts with `{`, else CSV). */
export function detectFormat(path: string, contents: string | Buffer): ImportFormat {
  return formatByExtension(path) ?? formatOfText(asText(contents));
}

function formatByExtension(path: string): ImportFormat | null {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  if (ext === ".json") return "json";
  return null;
}

function formatOfText(text: string): ImportFormat {
  const head = text.trimStart();
  if (!head.startsWith("{")) return "csv";
  try {
    JSON.parse(text);
    return "json";
  } catch {
    return "ndjson";
  }
}

export async function parseImportFile(path: string, opts: ParseFileOptions = {}): Promise<ParseResult> {
  let bytes: Buffer;
  try {
    bytes = await readShared(path);
  } catch (e) {
    return { ok: false, problems: [`${path}: ${unreadable(e)[opts.lang ?? "en"]}`] };
  }
  return parseImportText(path, bytes, opts);
}

/**
 * A file's bytes in shared memory: the import's writer thread reads observation bodies from them (see
 * canonical-line.ts) without a copy of the file being made for it.
 */
async function readShared(path: string): Promise<Buffer> {
  const file = await open(path, "r");
  try {
    const info = await file.stat();
    // A pipe or device has no size to read up to: read it to its end.
    if (!info.isFile()) return await file.readFile();
    const size = info.size;
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let read = 0;
    while (read < size) {
      const { bytesRead } = await file.read(bytes, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return read === size ? bytes : bytes.subarray(0, read);
  } finally {
    await file.close();
  }
}

const asText = (contents: string | Buffer): string =>
  typeof contents === "string" ? contents : contents.toString("utf8");

/** Why a file could not be read, in words; an unusual cause keeps its system code. */
function unreadable(e: unknown): Said {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return { en: "no such file", ko: "파일이 없습니다" };
  if (code === "EISDIR") return { en: "is a folder, not a file", ko: "파일이 아니라 폴더입니다" };
  if (code === "EACCES" || code === "EPERM")
    return { en: "no permission to read the file", ko: "파일을 읽을 권한이 없습니다" };
  const why = code ?? String(e);
  return { en: `cannot read the file (${why})`, ko: `파일을 읽을 수 없습니다 (${why})` };
}

/**
 * The same as parseImportFile for contents already in memory (text, or a file's UTF-8 bytes); `file` names it in
 * problems. Bytes in a SharedArrayBuffer are shared with the import's writer thread, which may change them.
 */
export async function parseImportText(
  file: string,
  contents: string | Buffer,
  opts: ParseFileOptions = {},
): Promise<ParseResult> {
  let format = opts.format ?? formatByExtension(file);
  if (!format) {
    // Decoded once: telling the format from the content reads it as text anyway.
    contents = asText(contents);
    format = formatOfText(contents);
  }
  const read: ReadResult =
    format === "ndjson"
      ? readNdjson(contents)
      : format === "csv"
        ? readCsv(asText(contents))
        : readJson(asText(contents));
  const validator = new RecordValidator(file, opts);
  const ahead =
    opts.lookUpAhead && opts.companyKeys ? new NamesAhead(validator, opts.lookUpAhead, opts.companyKeys) : null;
  for (const rec of read.records) {
    validator.add(rec);
    ahead?.send();
  }
  const absent = await ahead?.settle();
  const known: Known = opts.store
    ? {
        companyKeys: await knownCompanyKeys(opts.store, validator.nameKeys(), opts.companyKeys, absent),
        fx: await listFxRates(opts.store.db),
      }
    : { companyKeys: new Map(), fx: [] };
  const { data, problems } = validator.finish(known, typeof contents === "string" ? undefined : contents);
  await suggestCompanies(problems, opts.store, data.companies);
  const all = [...read.problems, ...problems].sort((a, b) => a.line - b.line);
  const lang = opts.lang ?? "en";
  if (all.length > 0)
    return { ok: false, problems: all.map((p) => `${file}:${p.line}: ${p.field}: ${p.message[lang]}`) };
  if (opts.store) checkedIn.set(data, opts.store.db);
  return { ok: true, data };
}

/** A file's company names sent to be looked up while it is still being read, NAMES_AHEAD at a time. */
class NamesAhead {
  private readonly batches: Promise<{ keys: string[]; ids: (string | null)[] }>[] = [];

  constructor(
    private readonly validator: RecordValidator,
    private readonly lookUp: (keys: string[]) => Promise<(string | null)[]>,
    private readonly cache: Map<string, string>,
  ) {}

  /** Sends the names met since the last batch, once there are NAMES_AHEAD of them. */
  send(): void {
    if (this.validator.newNames < NAMES_AHEAD) return;
    const keys = this.validator.newNameKeys();
    const batch = this.lookUp(keys).then((ids) => ({ keys, ids }));
    batch.catch(() => undefined); // awaited in `settle`
    this.batches.push(batch);
  }

  /**
   * Adds the keys found to the cache once every batch is answered; returns those the store does not hold. The keys
   * of a batch that failed are in neither, so they are looked up again with the rest (knownCompanyKeys).
   */
  async settle(): Promise<Set<string>> {
    const absent = new Set<string>();
    for (const batch of await Promise.allSettled(this.batches)) {
      if (batch.status === "rejected") continue;
      const { keys, ids } = batch.value;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        const id = ids[i];
        if (id === null || id === undefined) absent.add(k);
        else remember(this.cache, k, id);
      }
    }
    return absent;
  }
}

/**
 * The store's keys among `keys`; with a cache, the cache itself once it holds them all. `absent`: keys already
 * found not to be stored.
 */
async function knownCompanyKeys(
  store: Store,
  keys: Set<string>,
  cache: Map<string, string> | undefined,
  absent?: ReadonlySet<string>,
): Promise<ReadonlyMap<string, string>> {
  if (!cache) return companyIdsByKey(store.db, store.dialect, keys);
  const missing: string[] = [];
  for (const k of keys) if (!cache.has(k) && !absent?.has(k)) missing.push(k);
  const found = await companyIdsByKey(store.db, store.dialect, missing);
  for (const k of missing) {
    const id = found.get(k);
    if (id !== undefined) remember(cache, k, id);
  }
  return cache;
}

/**
 * Keeps a stored key in the run's cache under the file's own string (and as the id when they read the same):
 * JSON.parse interns short strings, so the look-ups of later files find them by identity, without comparing
 * characters.
 */
function remember(cache: Map<string, string>, key: string, id: string): void {
  cache.set(key, id === key ? key : id);
}

/** Data whose company references were checked against a store (companies are never deleted). */
const checkedIn = new WeakMap<ImportData, Store["db"]>();

export function companiesCheckedIn(data: ImportData, store: Store): boolean {
  return checkedIn.get(data) === store.db;
}
