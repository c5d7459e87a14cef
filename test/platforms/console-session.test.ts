import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { startConsole } from "../../src/platforms/console/console-platform.js";
import { isPng } from "../attachments/png.js";
import { type SampleApp, sampleApp } from "./sample-app.js";

let s: SampleApp;
beforeAll(async () => {
  s = await sampleApp({ DEFAULT_LANG: "ko" });
});
afterAll(() => s.close());

async function session(lines: string[], interactive: boolean): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (d) => {
    out += d;
  });
  const con = startConsole({ services: s.app, commands, input, output, interactive });
  con.write("AI 딜 브리핑 · 알림 한 건");
  for (const l of lines) input.write(`${l}\n`);
  input.end();
  await con.done;
  return out;
}

describe("a console session", () => {
  it("in a terminal greets, shows the prompt and answers", async () => {
    const out = await session(["/cycles lang:en"], true);
    expect(out).toContain("/help");
    expect(out).toContain("dealgraph> ");
    expect(out).toContain("Nvidia → OpenAI → Oracle → Nvidia");
  });

  it("from a pipe prints answers only, plus what the bot posts to console:main", async () => {
    const out = await session(["/funding 오픈AI", "/unsubscribe nvidia lang:en"], false);
    expect(out).not.toContain("dealgraph> ");
    expect(out.startsWith("AI 딜 브리핑 · 알림 한 건")).toBe(true);
    expect(out).toContain("1,200억 달러");
    expect(out).toContain("This channel has no alerts on Nvidia.");
  });

  it("saves an answer's picture and prints where, in the answer's language", async () => {
    const out = await session(["/exposure 엔비디아", "/cycles lang:en"], false);
    const ko = /그림 파일: (\S+exposure-nvidia\.png)/.exec(out)?.[1] ?? "";
    const en = /picture saved: (\S+loops\.png)/.exec(out)?.[1] ?? "";
    for (const path of [ko, en]) expect(isPng(readFileSync(path))).toBe(true);
  });
});
