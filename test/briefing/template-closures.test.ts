import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { syntheticDigestInput } from "../../bench/sections/briefing.js";
import { cycles } from "../../src/analytics/cycles.js";
import { exposure } from "../../src/analytics/exposure.js";
import { funding } from "../../src/analytics/funding.js";
import { foldedAlertsMessage } from "../../src/briefing/alert.js";
import { cyclesAnswer, dealsAnswer, exposureAnswer, fundingAnswer } from "../../src/briefing/answers.js";
import { composeDigest, noNewsMessage } from "../../src/briefing/digest.js";
import type { NeutralMessage } from "../../src/briefing/message.js";
import { useTemplateClosures } from "../../src/briefing/templates.js";
import type { DealEvent, Lang } from "../../src/domain/types.js";
import { loadSample, type Sample } from "./sample-store.js";

let s: Sample;
let events: DealEvent[];
beforeAll(async () => {
  s = await loadSample();
  events = await s.events("2025-01-01");
});
afterAll(() => s?.close());
afterEach(() => useTemplateClosures(true));

/** The message built through the template closures and through LiquidJS itself. */
function bothWays(build: () => NeutralMessage | null) {
  useTemplateClosures(true);
  const closures = build();
  useTemplateClosures(false);
  const engine = build();
  useTemplateClosures(true);
  return { closures, engine };
}

const LANGS: Lang[] = ["ko", "en"];
const ctx = (lang: Lang) => ({ lang, names: s.names, fx: s.fx, now: new Date("2026-02-05T00:00:00Z"), tz: "Asia/Seoul" });

describe("compiled templates write exactly what LiquidJS writes", () => {
  it.each(LANGS)("%s digests of the sample over several windows, and the no-news line", (lang) => {
    for (const since of ["2025-01-01", "2026-01-01", "2026-02-01"]) {
      const window = events.filter((e) => e.observedOn >= since);
      const { closures, engine } = bothWays(() =>
        composeDigest({
          events: window,
          deals: s.deals,
          lang,
          now: "2026-02-05T09:00:00+09:00",
          tz: "Asia/Seoul",
          cyclesTouched: cycles(s.graph, {}).cycles,
          names: s.names,
          fx: s.fx,
          window: { since, until: "2026-02-05" },
          lead: "Nvidia trimmed [its] OpenAI *stake*.",
        }),
      );
      expect(closures).not.toBeNull();
      expect(closures).toEqual(engine);
    }
    const none = bothWays(() => noNewsMessage(lang, { since: "2026-02-01", until: "2026-02-05" }));
    expect(none.closures).toEqual(none.engine);
  });

  it.each(LANGS)("%s synthetic 500-event digest with every deal kind and status", (lang) => {
    const input = syntheticDigestInput(500);
    const { closures, engine } = bothWays(() =>
      composeDigest({ ...input, lang, now: "2026-03-01T00:00:00Z", tz: "Asia/Seoul" }),
    );
    expect(closures?.blocks.length).toBeGreaterThan(3);
    expect(closures).toEqual(engine);
  });

  it.each(LANGS)("%s alerts for every sample event", (lang) => {
    for (const e of events) {
      const { closures, engine } = bothWays(() =>
        foldedAlertsMessage([e], { deals: s.deals, lang, names: s.names, fx: s.fx }),
      );
      expect(closures, `event ${e.seq}`).toEqual(engine);
    }
  });

  it.each(LANGS)("%s funding, exposure, cycles and deals answers for every sample company", (lang) => {
    for (const c of s.graph.companies) {
      const f = funding(s.graph, c.id, {});
      const answers = [
        bothWays(() => fundingAnswer(f, ctx(lang))),
        bothWays(() => exposureAnswer(exposure(s.graph, c.id, {}), ctx(lang))),
        bothWays(() =>
          dealsAnswer({ deals: f.items, total: f.items.length, company: c.id, since: null, kind: null }, ctx(lang)),
        ),
      ];
      for (const a of answers) expect(a.closures, c.id).toEqual(a.engine);
    }
    const loops = bothWays(() => cyclesAnswer(cycles(s.graph, {}), ctx(lang)));
    expect(loops.closures).toEqual(loops.engine);
  });
});
