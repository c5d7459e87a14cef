/** Messages between the importer and its SQLite writer thread. */
import type { Company, FxRate } from "../domain/types.js";
import type { StoredRows } from "./load-states.js";
import type { DirtyDeals } from "./plan.js";

export type WriterRequest =
  /**
   * Opens the transaction, writes companies and FX, and reads the stored state of `ids`. `bytes`: the file's,
   * where bodies of its chunks may be (ImportData.bytes); shared, not copied, when it is a SharedArrayBuffer's.
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
  /** A chunk of rows (flat value lists, events as in Plan); `firstSeq` is the seq the planner gave its first event. */
  | { type: "chunk"; events: unknown[]; observations: unknown[]; recordedAt: string; firstSeq: number }
  /** Deals' final state in batches of flat value lists (`dirtyDealBatches`); the writer puts them in id order. */
  | ({ type: "deals" } & DirtyDeals<unknown[][]>)
  | { type: "commit" }
  | { type: "rollback" }
  | { type: "close" };

export type WriterReply =
  | {
      type: "begun";
      companies: { added: number; updated: number };
      fx: number;
      /** The stored rows of the import's deals (none for an import planned ahead). */
      stored: StoredRows;
      /** The seq the next event will get: the planner numbers events from here. */
      nextSeq: number;
      /** An import planned ahead that is discarded: the store changed since its plan was made. */
      stale: boolean;
    }
  | { type: "written" }
  | { type: "committed" }
  /** The `commit` of an import planned ahead and discarded as stale: nothing of it was written. */
  | { type: "discarded" }
  | { type: "rolledBack" }
  | { type: "closed" }
  | { type: "failed"; message: string };
