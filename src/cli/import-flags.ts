/**
 * Node flags `dealgraph import` runs with, and its allocator's settings (`importEnv`). Node and glibc take them
 * only when a process starts, so `bin/dealgraph.js` starts the import in a process of its own with them; the
 * bench runs its importer with the same.
 *
 * `--max-semi-space-size=64`: a 64 MB young generation. An import keeps each file's records until they are
 * written, and with V8's default 16 MB it spent a tenth of its time copying them from one collection to the
 * next.
 *
 * `--single-threaded-gc`: each thread collects its own garbage. The import keeps both cores busy (the main
 * thread plans, the writer thread writes), so V8's helper threads for parallel collection only took turns
 * with them, and cost 3.1–3.4 s of CPU on a 1.1M-observation import (1.2–1.4 s with the flag, 7 alternating
 * pairs, 6 of them faster with it).
 *
 * `--initial-old-space-size=512`: each thread's old generation starts at 512 MB instead of growing to it
 * collection by collection. A file's records outlive the young generation, so the main thread's heap climbs to
 * about 470 MB over the first files, and each step of the climb cost a full collection: three of the main
 * thread's heap and three of the writer's in a 1.1M-observation import, against one of the main thread's with
 * the flag. 0.16 s faster at the median of 6 alternating pairs (faster in all 6, and in 3 of 4 before them);
 * peak RSS about 40 MB higher.
 */
export const IMPORT_NODE_FLAGS: readonly string[] = [
  "--max-semi-space-size=64",
  "--single-threaded-gc",
  "--initial-old-space-size=512",
];

/** Whether this process was started with them. */
export function hasImportFlags(): boolean {
  return IMPORT_NODE_FLAGS.every((flag) => process.execArgv.includes(flag));
}

/**
 * glibc's allocator settings for the import's process (GLIBC_TUNABLES; other C libraries ignore it).
 *
 * `glibc.malloc.tcache_count=4096`: each thread keeps up to 4,096 freed blocks of a size for reuse, instead of 7.
 * better-sqlite3 copies every string it binds into a block it allocates and frees, and SQLite copies it again
 * into one it frees when the statement is reset, so a 100-row insert frees some 700 blocks at once; past the
 * seventh each went through glibc's slower bins. With it the writer thread used 0.4 s less CPU on a
 * 1.1M-observation import, and the import was 0.47 s faster at the median of 6 alternating pairs (faster in all
 * 6; peak RSS no higher).
 */
export const IMPORT_MALLOC_TUNABLES = "glibc.malloc.tcache_count=4096";

/** `env` with IMPORT_MALLOC_TUNABLES added to the tunables already set; a tcache size set there is kept. */
export function importEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const own = env.GLIBC_TUNABLES;
  if (own?.includes("glibc.malloc.tcache_count=")) return env;
  return { ...env, GLIBC_TUNABLES: own ? `${IMPORT_MALLOC_TUNABLES}:${own}` : IMPORT_MALLOC_TUNABLES };
}
