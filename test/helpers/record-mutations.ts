/**
 * Deal records with one to three fields turned into odd values (wrong types, stray whitespace, edge numbers, bad
 * dates), from a deterministic generator, for tests that hold a fast reading of records to zod's.
 */

/** Values a field might be turned into: wrong types, stray whitespace, edge numbers, bad dates. */
export const ODD: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "\u3000",
  " x",
  "x ",
  "x\u00a0",
  "\ufeffx",
  "엔비디아",
  "오픈AI ",
  0,
  -0,
  -1,
  101,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  ["x"],
  {},
  "2025-02-30",
  "2025-2-3",
  "2024-02-29",
  "usd",
  "US",
  "KRW ",
  "exact",
  "range",
  "up_to",
  "rumored",
  "cancelled",
  "funding_round",
  "not a url",
  "https://example.com",
  "ftp://x",
  "https://exa mple.com",
];

export const PATHS = [
  ["deal"],
  ["observed_on"],
  ["kind"],
  ["from"],
  ["to"],
  ["round"],
  ["status"],
  ["amount"],
  ["amount", "value"],
  ["amount", "currency"],
  ["amount", "qualifier"],
  ["amount", "max"],
  ["terms"],
  ["terms", "capacity_gw"],
  ["terms", "stake_pct"],
  ["terms", "target"],
  ["title"],
  ["title", "en"],
  ["title", "ko"],
  ["source"],
  ["source", "publisher"],
  ["source", "url"],
  ["source", "lang"],
];

/** A small deterministic generator, so a failure names a case that comes back. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function mutate(base: Record<string, unknown>, rnd: () => number): Record<string, unknown> {
  const v = structuredClone(base);
  const changes = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < changes; i++) {
    const path = PATHS[Math.floor(rnd() * PATHS.length)] as string[];
    const odd = ODD[Math.floor(rnd() * ODD.length)];
    let at: Record<string, unknown> = v;
    for (const key of path.slice(0, -1)) {
      const next = at[key];
      if (typeof next !== "object" || next === null) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1] as string;
    if (odd === undefined) delete at[last];
    // A copy of an object, so no record ever holds itself and each can be written as JSON.
    else at[last] = typeof odd === "object" && odd !== null ? structuredClone(odd) : odd;
  }
  return v;
}
