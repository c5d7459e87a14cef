/** Dates as integers (2026-02-04 → 20260204) so a million of them fit in a typed array and compare as numbers. */
export function dateToInt(date: string): number {
  const n = Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
  return Number.isFinite(n) ? n : 0;
}

export function dateFromInt(n: number): string {
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
