/**
 * Console sender: prints the plain-text rendering, for running without a platform. A message's
 * pictures are saved as PNG files in a temporary directory and their paths printed after the text.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Attachment, NeutralMessage } from "../briefing/message.js";
import { renderText } from "../platforms/text-renderer.js";
import { type PlatformSender, type SendOptions, sendAllParts } from "./sender.js";

interface ConsoleFilePart {
  kind: "console-file";
  attachment: Attachment;
}

const isFilePart = (p: unknown): p is ConsoleFilePart =>
  typeof p === "object" && p !== null && (p as { kind?: unknown }).kind === "console-file";

/** Writes a picture to a fresh temporary directory; returns its path. */
export function savePicture(a: Attachment): string {
  const path = join(mkdtempSync(join(tmpdir(), "dealgraph-picture-")), basename(a.filename) || "picture.png");
  writeFileSync(path, a.data);
  return path;
}

export function createConsoleSender(
  write: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
): PlatformSender {
  let n = 0;
  const sender: PlatformSender = {
    platform: "console",
    channelIntervalMs: 0,
    render: (message: NeutralMessage) => [
      renderText(message),
      ...(message.attachments ?? []).map((attachment): ConsoleFilePart => ({ kind: "console-file", attachment })),
    ],
    async sendPart(channelId: string, part: unknown) {
      const text = isFilePart(part) ? `picture saved: ${savePicture(part.attachment)}` : String(part);
      write(channelId === "main" ? text : `[${channelId}]\n${text}`);
      return { ref: `console-${Date.now()}-${++n}` };
    },
    send: (channelId: string, message: NeutralMessage, o: SendOptions) => sendAllParts(sender, channelId, message, o),
  };
  return sender;
}
