import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/types.js";
import { bodyFrom, bodyValues } from "../../src/import/observation-body.js";
import { observationSchema } from "../../src/import/schemas.js";
import { canonicalObservation } from "../../src/import/validate.js";
import { dealRowFromObservation } from "../../src/store/deal-repository.js";
import { HARD_OBSERVATIONS } from "../helpers/hard-observations.js";

const load = (path: string) =>
  (JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { deals: unknown[] }).deals;

/** Every deal record of the sample and the edge fixtures that validates, as the importer stores it. */
const observations: Observation[] = [
  ...load("../../data/ai-deals.sample.json"),
  ...load("../fixtures/edge-deals.json"),
].flatMap((d) => {
  const r = observationSchema.safeParse(d);
  return r.success ? [canonicalObservation(r.data as Observation)] : [];
});

const extra = HARD_OBSERVATIONS.map((o) => canonicalObservation(o));

/** The body as the writer makes it from the values the planner hands over (see Planner.addDeal). */
function made(o: Observation): string {
  const values = bodyValues(dealRowFromObservation(o, o.observed_on, 0));
  const s = o.source;
  return s
    ? bodyFrom(o.deal, o.observed_on, values, s.publisher, s.url ?? "", s.lang ?? "")
    : bodyFrom(o.deal, o.observed_on, values, null, null, null);
}

describe("an observation's body made by the writer from its values", () => {
  it("covers the sample's and the edge fixtures' deal records", () => {
    expect(observations.length).toBeGreaterThan(20);
  });

  it.each([...observations, ...extra].map((o) => [o.deal, o] as const))(
    "%s: the same text as the canonical observation's JSON, so the same fingerprint",
    (_, o) => {
      expect(made(o)).toBe(JSON.stringify(o));
    },
  );
});
