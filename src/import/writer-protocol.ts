/** Messages between the importer and its SQLite writer thread. */
import type { Company, FxRate } from "../domain/types.js";
import type { StoredRows } from "./load-states.js";
import type { DirtyDeals } from "./plan.js";

export type WriterRequest =
  /**
   * Opens the transaction, writes companies and FX, and reads which observations of the deals among `ids` are
   * stored (their fingerprints). `bytes`: the file's, where bodies of its chunks may be (ImportData.bytes);
   * shared, not copied, when it is a SharedArrayBuffer's.
   * `ahead`: the import was planned before the one before it committed, numbering its events from `firstSeq`
   * (no ids are read); it goes ahead only if no other connection added observations in between, else it is
   * discarded (`begun` with `stale`) up to its `commit`. It is discarded too (`commit` answers `discarded`)
   * when a deal it took to be new turns out to be stored, as its deals are inserted.
   */
  | {
      type: "begin";
      companies: Company[];
      fx: FxRate[];
      ids: string[];
      bytes: Uint8Array | null;
      ahead: { firstSeq: number } | null;
    }
  /** Looks up company keys (outside any import's transaction), for a file still being read. */
  | { type: "companyKeys"; keys: string[] }
  /** Reads the stored rows of the deals among `ids`: those the import changes. */
  | { type: "rows"; ids: string[] }
  /** A chunk of rows (flat value lists, events as in Plan); `firstSeq` is the seq the planner gave its first event. */
  | { type: "chunk"; events: unknown[]; observations: unknown[]; recordedAt: string; firstSeq: number }
  /**
   * Deals' final state in batches of flat value lists: a part of them (`dirtyDealParts`), which the writer writes
   * in id order as it comes. An import sends as many as it has.
   */
  | ({ type: "deals" } & DirtyDeals<unknown[][]>)
  | { type: "commit" }
  | { type: "rollback" }
  | { type: "close" };

export type WriterReply =
  | {
      type: "begun";
      companies: { added: number; updated: number };
      fx: number;
      /** Flat (deal id, fingerprint) pairs of the stored observations of the import's deals (none when planned ahead). */
      known: string[];
      /** The seq the next event will get: the planner numbers events from here. */
      nextSeq: number;
      /** An import planned ahead that is discarded: the store changed since its plan was made. */
      stale: boolean;
    }
  | { type: "rows"; stored: StoredRows }
  /** The company id of each key asked for, or null. */
  | { type: "companyKeys"; ids: (string | null)[] }
  | { type: "written" }
  | { type: "committed" }
  /** The `commit` of an import planned ahead and discarded as stale: nothing of it was written. */
  | { type: "discarded" }
  | { type: "rolledBack" }
  | { type: "closed" }
  | { type: "failed"; message: string };
