/** A seeded generator of numbers in [0, 1) (a linear congruential one): the same seed, the same test data. */
export function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}
