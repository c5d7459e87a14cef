/**
 * The keys the planner remembers per deal (observations seen, sources kept). Apart from the planner so that
 * the writer thread, which loads load-states.ts through its backend, does not also load the planner and the
 * validation behind it (zod among them): it is ready 0.1 s sooner, while the first file is being read.
 */

/**
 * Keys seen for one deal. Most deals have one or two observations, and every deal of a large import is held
 * until it is written: none (null) or one key is kept bare, a few in an array, more in a Set.
 */
export type Keys = null | string | string[] | Set<string>;

export function hasKey(keys: Keys, key: string): boolean {
  if (keys === null) return false;
  if (typeof keys === "string") return keys === key;
  return Array.isArray(keys) ? keys.includes(key) : keys.has(key);
}

/** Adds `key`; returns the collection to keep. */
export function addKey(keys: Keys, key: string): Keys {
  if (keys === null) return key;
  if (typeof keys === "string") return keys === key ? keys : [keys, key];
  if (!Array.isArray(keys)) return keys.add(key);
  if (keys.length < 16) {
    if (!keys.includes(key)) keys.push(key);
    return keys;
  }
  return new Set(keys).add(key);
}

/** The keys held, in no particular order. */
export function keysOf(keys: Keys): Iterable<string> {
  if (keys === null) return [];
  return typeof keys === "string" ? [keys] : keys;
}

export function sourceKey(publisher: string, url: string, date: string): string {
  return `${publisher}\u0000${url}\u0000${date}`;
}
