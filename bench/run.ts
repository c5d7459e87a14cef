/**
 * `npm run bench`: runs every section listed in bench/sections/index.ts and prints its figures.
 * BENCH_SIZES=10000,100000 shortens the run; BENCH_SECTIONS=core,… runs only those sections.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchContext } from "./section.js";
import { sections } from "./sections/index.js";
import { peakRssMb } from "./stats.js";

function sizes(): number[] {
  const raw = process.env.BENCH_SIZES?.trim();
  if (!raw) return [10_000, 100_000, 1_000_000];
  const list = raw.split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  if (list.some((n) => !Number.isInteger(n) || n <= 0)) {
    process.stderr.write(`BENCH_SIZES must be positive whole numbers separated by commas (got "${raw}")\n`);
    process.exit(1);
  }
  return list.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const only = process.env.BENCH_SECTIONS?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chosen = only ? sections.filter((s) => only.includes(s.name)) : sections;
  const tmpDir = mkdtempSync(join(tmpdir(), "dealgraph-bench-"));
  const ctx: BenchContext = { sizes: sizes(), tmpDir, log: (line) => process.stdout.write(`${line}\n`) };
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  ctx.log(
    `dealgraph bench · Node ${process.version} · ${cpus().length} cores (load average ${load}) · sizes ${ctx.sizes.join(", ")}`,
  );
  const started = performance.now();
  try {
    for (const section of chosen) {
      ctx.log(`\n== ${section.title} [${section.name}]`);
      const t = performance.now();
      await section.run(ctx);
      ctx.log(`  (${section.name}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  ctx.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s · peak RSS ${peakRssMb().toFixed(0)} MB`);
}

await main();
