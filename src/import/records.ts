/** A record read from an import file before validation, with the line it starts on. */

import type { Observation } from "../domain/types.js";
import type { BodyAt } from "./canonical-line.js";
import type { Said } from "./problem-text.js";

export type RecordKind = "company" | "deal" | "fx";

export interface RawRecord {
  line: number;
  kind: RecordKind;
  value: unknown;
  /** Renames a validation path to what the user wrote (CSV column names). */
  field?: (path: string) => string;
  /**
   * Where in the file's bytes the record's canonical body is, when its line is written as one
   * (`canonicalBodyAt`): good as long as validation keeps the record as it is.
   */
  bodyAt?: BodyAt;
  /** The record's observation, when it was read already checked (a canonical line: see canonical-deal.ts). */
  checked?: Observation;
  /** Problems found while reading the record (e.g. a money cell that does not parse). */
  problems?: { field: string; message: Said }[];
}

export interface ReadResult {
  /** Iterated once; `problems` is complete after that. */
  records: Iterable<RawRecord>;
  /** Problems that stop reading (not JSON, missing columns), as `line: field: message`. */
  problems: { line: number; field: string; message: Said }[];
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
