/** The console has no uploads: a message's picture is saved to a temporary file and its path printed after the text. */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cycles } from "../../src/analytics/cycles.js";
import { loadGraph } from "../../src/analytics/deal-graph.js";
import { chartInfoFromGraph, renderCyclesChart } from "../../src/charts/index.js";
import { createConsoleSender } from "../../src/delivery/console-sender.js";
import { importSample, openTestStore } from "../helpers/store.js";
import { isPng } from "./png.js";

describe("console digests with a picture", () => {
  it("prints the text, then where the PNG was saved", async () => {
    const store = await openTestStore("sqlite");
    try {
      await importSample(store);
      const graph = await loadGraph(store);
      const loops = cycles(graph, { maxLen: 4 });
      const data = renderCyclesChart(loops, chartInfoFromGraph(graph, { cycles: loops.cycles }), "ko");
      const lines: string[] = [];
      const sender = createConsoleSender((t) => lines.push(t));
      await sender.send(
        "main",
        {
          summary: "순환 거래",
          blocks: [{ type: "section", text: "엔비디아 → 오픈AI → 오라클 → 엔비디아" }],
          attachments: [{ filename: "loops.png", contentType: "image/png", data }],
        },
        { idempotencyKey: "digest:console:main:w" },
      );
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain("엔비디아 → 오픈AI");
      const path = /^picture saved: (.+loops\.png)$/.exec(lines[1] ?? "")?.[1] ?? "";
      expect(existsSync(path)).toBe(true);
      expect(isPng(readFileSync(path))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
