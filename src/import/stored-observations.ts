/**
 * Which observations of an import the store holds already, told by their fingerprints before any deal is read:
 * a file imported again then reads the stored rows of only the deals it changes, none when it is all known.
 */
import { fingerprintOf } from "./fingerprint.js";
import { addKey, hasKey, type Keys } from "./keys.js";
import { bodyOf } from "./plan.js";
import type { ImportData } from "./types.js";
import { canonicalObservation } from "./validate.js";

export interface StoredObservations {
  /** Per observation of the import, 1 when the store holds it: a duplicate, counted and not planned. */
  stored: Uint8Array;
  /** Per observation of a stored deal, its fingerprint (the planner need not hash it again). */
  fingerprints: (string | undefined)[];
  /** The stored deals with an observation the store does not hold: their rows are read, and they are planned. */
  changed: string[];
}

/** `known`: flat (deal id, fingerprint) pairs of the stored observations of the import's deals. */
export function storedObservations(data: ImportData, known: readonly string[]): StoredObservations {
  const seen = new Map<string, Keys>();
  for (let i = 0; i < known.length; i += 2) {
    const deal = known[i] as string;
    seen.set(deal, addKey(seen.get(deal) ?? null, known[i + 1] as string));
  }
  const { observations, bodies, bytes } = data;
  const stored = new Uint8Array(observations.length);
  const fingerprints = new Array<string | undefined>(observations.length);
  const changed = new Set<string>();
  for (const [i, o] of observations.entries()) {
    const keys = seen.get(o.deal);
    if (keys === undefined) continue;
    const c = data.canonical === true ? o : canonicalObservation(o);
    const fingerprint = fingerprintOf(bodyOf(c, bodies?.[i] ?? -1, bytes));
    fingerprints[i] = fingerprint;
    if (hasKey(keys, fingerprint)) stored[i] = 1;
    else changed.add(o.deal);
  }
  return { stored, fingerprints, changed: [...changed] };
}
