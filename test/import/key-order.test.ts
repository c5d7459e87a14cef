import { describe, expect, it } from "vitest";
import { keyOrder } from "../../src/import/key-order.js";

/** What the writer's rows are ordered by: key as JavaScript compares strings, ties in their original order. */
function comparisonOrder(keys: readonly string[]): number[] {
  return keys
    .map((_, i) => i)
    .sort((a, b) => {
      const x = keys[a] as string;
      const y = keys[b] as string;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function keysFrom(n: number, seed: number, make: (r: () => number) => string): string[] {
  const r = random(seed);
  return Array.from({ length: n }, () => make(r));
}

const pick = (r: () => number, xs: readonly string[]) => xs[Math.floor(r() * xs.length)] as string;

describe("keyOrder: rows in key order, as a comparison sort would put them", () => {
  const cases: [string, string[]][] = [
    ["synthetic deal ids, many sharing their first characters", keysFrom(5_000, 1, (r) => `d${Math.floor(r() * 1e6)}`)],
    [
      "reported deal ids with long shared prefixes, repeated",
      keysFrom(
        3_000,
        2,
        (r) => `${pick(r, ["openai", "nvidia", "oracle"])}-${pick(r, ["2024", "2025"])}-${Math.floor(r() * 40)}`,
      ),
    ],
    [
      "keys that are prefixes of others, empty keys and NUL characters",
      keysFrom(2_000, 3, (r) =>
        pick(r, ["", "d", "d1", "d10", "d100", "d1000", "d10000", "d1\u0000", "d1\u00001", "abcd", "abcde"]),
      ),
    ],
    [
      "Korean, Latin-1 and accented keys beside ASCII ones",
      keysFrom(
        2_000,
        4,
        (r) => `${pick(r, ["엔비디아", "오픈AI", "café", "ÿÿÿÿ", "þþþþ", "a"])}-${Math.floor(r() * 50)}`,
      ),
    ],
    [
      "long keys with a long prefix in common",
      keysFrom(1_000, 5, (r) => `${pick(r, ["nvidia", "openai"])}-compute-and-cloud-agreement-${Math.floor(r() * 30)}`),
    ],
    [
      "Korean met only after the rows were split by their first characters",
      keysFrom(20_000, 6, (r) => `co-${Math.floor(r() * 50)}-${r() < 0.01 ? "칩" : "chips"}-${Math.floor(r() * 100)}`),
    ],
    [
      "deal ids named after their companies, all Latin-1",
      keysFrom(20_000, 7, (r) => `co-${Math.floor(r() * 5_000)}-co-${Math.floor(r() * 5_000)}-${Math.floor(r() * 3)}`),
    ],
    [
      "keys each the beginning of the next, thousands of characters deep",
      Array.from({ length: 6_000 }, (_, i) => "a".repeat((i * 7_919) % 6_000)),
    ],
    [
      "groups that share their first hundred characters",
      keysFrom(2_000, 9, (r) => `${"x".repeat(100)}${pick(r, ["", "-", "a"])}${Math.floor(r() * 500)}`),
    ],
    ["one key repeated", Array.from({ length: 1_000 }, () => "same-deal")],
    ["fewer rows than a packed level needs", ["b", "a", "c", "a"]],
    ["no rows", []],
  ];

  it.each(cases)("%s", (_, keys) => {
    expect([...keyOrder(keys)]).toEqual(comparisonOrder(keys));
  });
});
