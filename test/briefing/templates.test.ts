import { describe, expect, it } from "vitest";
import { escapeInline, inlineToPlain, linkInline, parseInline } from "../../src/briefing/sanitize.js";
import { parseMessageLines } from "../../src/briefing/templates.js";

describe("the template line format", () => {
  it("turns marker lines into blocks, joining unmarked lines onto the previous one", () => {
    const msg = parseMessageLines(
      [
        "summary: AI Deals Brief",
        "header: AI Deals Brief",
        "list: New deals",
        "item: OpenAI signs",
        "  a chip deal",
        "item: Nvidia invests",
        "divider",
        "section: Disclosed: $20B.",
        "field: Status :: reported",
        "field: Amount :: $20B",
        "context: Dates are observation dates.",
      ].join("\n"),
    );
    expect(msg).toEqual({
      summary: "AI Deals Brief",
      blocks: [
        { type: "header", text: "AI Deals Brief" },
        { type: "list", title: "New deals", items: ["OpenAI signs a chip deal", "Nvidia invests"] },
        { type: "divider" },
        { type: "section", text: "Disclosed: $20B." },
        {
          type: "fields",
          fields: [
            { label: "Status", value: "reported" },
            { label: "Amount", value: "$20B" },
          ],
        },
        { type: "context", text: "Dates are observation dates." },
      ],
    });
  });

  it("drops empty lists and rejects text outside any block (a template bug)", () => {
    expect(parseMessageLines("summary: s\nlist: Empty\nsection: x").blocks).toEqual([{ type: "section", text: "x" }]);
    expect(() => parseMessageLines("stray words")).toThrow(/outside any block/);
  });

  it("gives a plain summary even when the template used markup", () => {
    expect(parseMessageLines("summary: **$20B** \\(reported\\)").summary).toBe("$20B (reported)");
  });
});

describe("neutral inline markup", () => {
  it.each([
    [
      "**bold** and _italic_",
      [
        { kind: "bold", text: "bold" },
        { kind: "text", text: " and " },
        { kind: "italic", text: "italic" },
      ],
    ],
    [
      "see [WSJ](https://wsj.example/a)",
      [
        { kind: "text", text: "see " },
        { kind: "link", label: "WSJ", url: "https://wsj.example/a" },
      ],
    ],
    ["[x](javascript:alert(1))", [{ kind: "text", text: "[x](javascript:alert(1))" }]],
    ["snake_case_name", [{ kind: "text", text: "snake_case_name" }]],
  ] as const)("parses %s", (src, segments) => {
    expect(parseInline(src)).toEqual(segments);
  });

  it.each(["[click](http://evil.example)", "**not bold** _not italic_", "back\\slash [x] (y)"])(
    "escapeInline keeps %s literal",
    (text) => {
      expect(inlineToPlain(escapeInline(text))).toBe(text);
      expect(parseInline(escapeInline(text)).every((s) => s.kind === "text")).toBe(true);
    },
  );

  it("escapeInline flattens new lines so data cannot start a new template line", () => {
    expect(escapeInline("title\nitem: injected")).toBe("title item: injected");
  });

  it.each([
    ["https://news.example/a", "[Reuters](https://news.example/a)"],
    ["http://news.example/a", "[Reuters](http://news.example/a)"],
    ["javascript:alert(1)", "Reuters"],
    ["ftp://files.example/x", "Reuters"],
    ["not a url", "Reuters"],
    [undefined, "Reuters"],
  ])("links only http(s) URLs: %s", (url, out) => {
    expect(linkInline("Reuters", url)).toBe(out);
  });
});
