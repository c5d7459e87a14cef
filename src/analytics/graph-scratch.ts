import type { DealGraph } from "./deal-graph.js";

/**
 * Scratch space kept per graph (so a search allocates nothing per query), made anew when companies were
 * added since; `make` gets room for some more.
 */
export function perGraph<S extends { readonly size: number }>(make: (size: number) => S): (g: DealGraph) => S {
  const scratches = new WeakMap<DealGraph, S>();
  return (g) => {
    let s = scratches.get(g);
    if (!s || s.size < g.companyCount) {
      s = make(g.companyCount + 1024);
      scratches.set(g, s);
    }
    return s;
  };
}
