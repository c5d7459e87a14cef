/** Small helpers for timing and printing bench figures. */

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  runs: number;
  /** Mean CPU time per run (user + system), ms: steadier than wall time on a busy machine. */
  cpu: number;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed; milliseconds. */
export function measure(fn: () => unknown, runs: number, warmup = Math.min(10, runs)): Latency {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  return { ...percentiles(times), runs, cpu: (used.user + used.system) / 1000 / runs };
}

export function percentiles(times: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

export const ms = (x: number) =>
  x < 10 ? `${x.toFixed(2)} ms` : x < 1000 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`;
export const count = (n: number) => Math.round(n).toLocaleString("en-US");
export const rate = (n: number, seconds: number) => `${count(n / seconds)}/s`;

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function label(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}
