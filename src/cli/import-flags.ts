/**
 * Node flags `dealgraph import` runs with. Node takes them only when it starts, so `bin/dealgraph.js`
 * starts the import in a process of its own with them; the bench runs its importer with the same.
 *
 * `--max-semi-space-size=64`: a 64 MB young generation. An import keeps each file's records until they are
 * written, and with V8's default 16 MB it spent a tenth of its time copying them from one collection to the
 * next.
 *
 * `--single-threaded-gc`: each thread collects its own garbage. The import keeps both cores busy (the main
 * thread plans, the writer thread writes), so V8's helper threads for parallel collection only took turns
 * with them, and cost 3.1–3.4 s of CPU on a 1.1M-observation import (1.2–1.4 s with the flag, 7 alternating
 * pairs, 6 of them faster with it).
 */
export const IMPORT_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64", "--single-threaded-gc"];

/** Whether this process was started with them. */
export function hasImportFlags(): boolean {
  return IMPORT_NODE_FLAGS.every((flag) => process.execArgv.includes(flag));
}
