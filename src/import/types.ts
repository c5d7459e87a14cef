/** What a parsed import file holds, and what applying it did. */
import type { Company, EventType, FxRate, Lang, Observation } from "../domain/types.js";
import type { BodyAt } from "./canonical-line.js";

export interface ImportData {
  /** The file it came from, as given (for messages). */
  file: string;
  companies: Company[];
  /** Validated observations with company references resolved to ids. */
  observations: Observation[];
  /**
   * Where each observation's canonical body is in `bytes` when the file held it word for word (see
   * canonical-line.ts), else -1; absent when none is known. The import stores those bytes instead of writing
   * the JSON again.
   */
  bodies?: BodyAt[];
  /** The file's bytes (UTF-8) that `bodies` point into; shared with the writer thread when it can be. */
  bytes?: Buffer;
  fx: FxRate[];
  /** Set by the parser: observations are already in canonical form (saves re-normalising them). */
  canonical?: boolean;
}

export interface ImportSummary {
  companies: { added: number; updated: number };
  /** FX rates new or changed. */
  fx: number;
  observations: {
    /** Observations not seen before (kept in history). */
    new: number;
    /** Observations already in the store or repeated in the file (nothing recorded). */
    duplicate: number;
    /** New observations older than the deal's current state (history only). */
    older: number;
  };
  events: Record<EventType, number>;
  /** Sequence numbers of the first and last events recorded; null when none. */
  firstSeq: number | null;
  lastSeq: number | null;
}

export type ParseResult = { ok: true; data: ImportData } | { ok: false; problems: string[] };

export interface ParseOptions {
  /** Accept single-deal amounts above USD 10 trillion. */
  allowImplausible?: boolean;
  /** The language problems are written in (default en). */
  lang?: Lang;
}
