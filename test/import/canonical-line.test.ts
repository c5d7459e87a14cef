import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/types.js";
import { bodyAt, canonicalBodyAt } from "../../src/import/canonical-line.js";
import { checkedObservation } from "../../src/import/checked-observation.js";
import { canonicalObservation } from "../../src/import/validate.js";
import { HARD_OBSERVATIONS } from "../helpers/hard-observations.js";
import { SAMPLE_PATH } from "../helpers/store.js";

const sample = JSON.parse(await readFile(SAMPLE_PATH, "utf8")) as { deals: Observation[] };

/** A deal record as its NDJSON line: the type first, then the observation's members in the order given. */
const lineOf = (o: object) => `{"type":"deal",${JSON.stringify(o).slice(1)}`;

/** The body the reader finds for `line` (as a file of that one line, with `tail` after it), or null. */
function bodyOf(line: string, tail = "\n"): string | null {
  const bytes = Buffer.from(line + tail);
  const text = bytes.toString("utf8").trim();
  const at = canonicalBodyAt(text, bytes, 0, bytes.length);
  return at === null ? null : bodyAt(bytes, at);
}

/** What the import stores for the record on `line`, made the usual way. */
function storedBody(line: string): string {
  const checked = checkedObservation(JSON.parse(line));
  if (!checked) throw new Error(`not a record the plain check takes: ${line}`);
  return JSON.stringify(canonicalObservation(checked));
}

const base = {
  deal: "d-1",
  observed_on: "2025-03-04",
  kind: "investment",
  from: "nvidia",
  to: "openai",
  amount: { value: 5400000000, currency: "USD", qualifier: "exact" },
  status: "announced",
};

describe("NDJSON lines written as canonical bodies", () => {
  it("give the body the import would write, for every sample and hard-case deal written canonically", () => {
    let found = 0;
    for (const d of [...sample.deals, ...HARD_OBSERVATIONS]) {
      const line = lineOf(canonicalObservation(d));
      const body = bodyOf(line);
      if (body === null) continue;
      found++;
      expect(body).toBe(storedBody(line));
    }
    // All but those with terms, or an amount that does not print back as written.
    expect(found).toBeGreaterThan(sample.deals.length / 2);
  });

  it("are found with Korean text, a URL, titles, a round, a from of null and a range", () => {
    const lines = [
      lineOf({
        ...base,
        status: "signed",
        source: { publisher: "연합뉴스", url: "https://example.com/a?b=1", lang: "ko" },
      }),
      lineOf({ ...base, round: "r-1", title: { en: "Nvidia invests", ko: "엔비디아 투자" } }),
      lineOf({ ...base, kind: "funding_round", from: null, amount: null, title: { ko: "라운드" } }),
      lineOf({ ...base, amount: { value: 0, currency: "KRW", qualifier: "range", max: 7000000000000 } }),
      lineOf({ ...base, amount: { value: 2.5, currency: "USD", qualifier: "approx" } }),
      lineOf({ ...base, amount: { value: 0.000001, currency: "USD", qualifier: "exact" } }),
    ];
    for (const line of lines) expect(bodyOf(line)).toBe(storedBody(line));
    // A Windows line end is white space around the line, as trim() takes it.
    expect(bodyOf(lines[0] as string, "\r\n")).toBe(storedBody(lines[0] as string));
  });

  it("give the stored body whenever an amount is taken as written, however the number is written", () => {
    // Numbers as JSON.stringify prints them, and as other tools might write the same values.
    let state = 7;
    const random = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const n = random() * 10 ** Math.floor(random() * 24 - 8);
      const whole = Math.round(n);
      texts.push(String(n), String(whole), whole.toFixed(1), n.toPrecision(12), n.toExponential(3), `0${whole}`);
    }
    let taken = 0;
    for (const text of texts) {
      const line = lineOf(base).replace("5400000000", text);
      const body = bodyOf(line);
      if (body === null) continue;
      taken++;
      expect(body).toBe(storedBody(line));
    }
    expect(taken).toBeGreaterThan(texts.length / 10);
  });

  it("are not taken when the line is written any other way, even if it means the same", () => {
    const { amount, ...rest } = base;
    const others = [
      // Members in another order, spaced, or with the type last.
      JSON.stringify({ type: "deal", ...rest, amount }),
      lineOf(base).replace('"kind":', '"kind": '),
      `${JSON.stringify(base).slice(0, -1)},"type":"deal"}`,
      // Values the import changes or writes differently.
      lineOf({ ...base, amount: { ...amount, currency: "usd" } }),
      lineOf({ ...base, amount: { value: 5, currency: "USD" } }),
      lineOf(base).replace("5400000000", "5.4e9"),
      lineOf(base).replace("5400000000", "5400000000.0"),
      lineOf(base).replace("5400000000", "1234567890123456"),
      lineOf({ ...base, title: { en: "", ko: "투자" } }),
      lineOf({ ...base, source: { publisher: "Reuters", lang: "" } }),
      lineOf({ ...base, terms: { stake_pct: 10 } }),
      // Escapes, and characters JSON.stringify would escape.
      lineOf({ ...base, deal: 'd-"1"' }),
      lineOf(base).replace('"d-1"', '"d\\u002d1"'),
      lineOf({ ...base, title: { en: "a\u0007b" } }),
      lineOf({ ...base, title: { en: "emoji 🚀" } }),
    ];
    for (const line of others) expect(bodyOf(line)).toBeNull();
    // Anything around the line but ASCII white space: a byte-order mark, an ideographic space.
    expect(bodyOf(`\ufeff${lineOf(base)}`)).toBeNull();
    expect(bodyOf(lineOf(base), "\u3000\n")).toBeNull();
  });
});
