/**
 * The bench's extension point: a section measures one area and prints its figures. `bench/run.ts` runs
 * the sections listed in `bench/sections/index.ts`, in order.
 */
export interface BenchContext {
  /** Deal counts to measure at (BENCH_SIZES, default 10k, 100k, 1M), ascending. */
  sizes: number[];
  /** A scratch directory for this run, removed at the end. */
  tmpDir: string;
  /** Prints one line of the report. */
  log(line: string): void;
}

export interface BenchSection {
  /** Short name, also accepted by BENCH_SECTIONS=name,name to run only some. */
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<void>;
}
