import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DealStatus, Observation } from "../../src/domain/types.js";
import { applyImport } from "../../src/import/apply.js";
import { parseImportFile, parseImportText } from "../../src/import/parse.js";
import { canonicalObservation } from "../../src/import/validate.js";
import type { Dialect } from "../../src/store/db.js";
import { dialects, importSample, openTestStore, writtenRows } from "../helpers/store.js";

const STATUSES: DealStatus[] = ["rumored", "announced", "signed", "stalled", "completed"];
const NAMES = ["nvidia", "openai", "oracle", "amd", "coreweave", "NVDA", "오픈AI"];

/**
 * 60 deals, some observed two or three times (later reports revise them), some naming a company by an alias
 * or its Korean name, with and without amounts, sources, URLs and titles. `tag` makes the deal ids.
 */
function observations(tag: string): Observation[] {
  const out: Observation[] = [];
  for (let d = 0; d < 60; d++) {
    for (let k = 0; k <= d % 3; k++) {
      const o: Observation = {
        deal: `${tag}-${d}`,
        observed_on: `2025-0${1 + ((d + k * 4) % 9)}-1${k}`,
        kind: d % 5 === 0 ? "funding_round" : "purchase",
        from: d % 5 === 0 ? null : (NAMES[d % 7] as string),
        to: NAMES[(d + 1) % 7] as string,
        amount: k === 1 ? null : { value: 1e6 * (1 + ((d * 3 + k) % 700)), currency: "USD", qualifier: "exact" },
        status: STATUSES[(d + k) % 5] as DealStatus,
      };
      if (d % 4 !== 3) o.source = { publisher: d % 2 ? "연합뉴스" : "Reuters", lang: d % 2 ? "ko" : "en" };
      if (d % 4 === 1 && o.source) o.source.url = `https://example.com/${d}/${k}`;
      if (d % 6 === 2) o.title = { en: `Deal ${d}`, ko: `거래 ${d}` };
      out.push(o);
    }
  }
  return out;
}

/** Each observation as an NDJSON line in the store's own key order, with Windows line ends. */
const canonicalNdjson = (obs: Observation[]) =>
  obs.map((o) => `{"type":"deal",${JSON.stringify(canonicalObservation(o)).slice(1)}\r\n`).join("");

const dir = mkdtempSync(join(tmpdir(), "dealgraph-canonical-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ways = dialects().flatMap((dialect): { dialect: Dialect; writerThread: boolean }[] =>
  dialect === "sqlite"
    ? [
        { dialect, writerThread: false },
        { dialect, writerThread: true },
      ]
    : [{ dialect, writerThread: false }],
);

describe.each(ways)(
  "a file of canonical lines, on $dialect (writer thread: $writerThread)",
  ({ dialect, writerThread }) => {
    it("is stored exactly as the same observations read from a JSON document", async () => {
      const fast = await openTestStore(dialect);
      const plain = await openTestStore(dialect);
      try {
        for (const store of [fast, plain]) await importSample(store);
        // Two files: the second revises deals of the first, so stored deals are compared and revised too.
        for (const [i, obs] of [observations("c"), [...observations("c"), ...observations("e")]].entries()) {
          const path = join(dir, `${dialect}-${writerThread}-${i}.ndjson`);
          writeFileSync(path, canonicalNdjson(obs));
          const read = await parseImportFile(path, { store: fast });
          if (!read.ok) throw new Error(read.problems.join("\n"));
          // Lines that name a company by another name do not hold their bodies; the rest do.
          const held = (read.data.bodies ?? []).filter((at) => at >= 0).length;
          expect(held).toBeGreaterThan(obs.length / 2);
          expect(held).toBeLessThan(obs.length);

          const doc = JSON.stringify({ format: "dealgraph/v1", deals: obs });
          const parsed = await parseImportText(`${i}.json`, doc, { store: plain });
          if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
          expect(parsed.data.bodies).toBeUndefined();

          const a = await applyImport(fast, read.data, { writerThread });
          const b = await applyImport(plain, parsed.data, { writerThread });
          expect(a).toEqual(b);
        }
        expect(await writtenRows(fast)).toEqual(await writtenRows(plain));
      } finally {
        await fast.close();
        await plain.close();
      }
    });
  },
);
