/** Dates as integers (2026-02-04 → 20260204) so a million of them fit in a typed array and compare as numbers. */
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

export function dateToInt(date: string): number {
  let n = 0;
  for (const k of DIGITS) {
    const d = date.charCodeAt(k) - 48;
    if (!(d >= 0 && d <= 9)) return 0;
    n = n * 10 + d;
  }
  return n;
}

export function dateFromInt(n: number): string {
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
