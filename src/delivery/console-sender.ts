/** Console sender: prints the plain-text rendering, for running without a platform. */
import type { NeutralMessage } from "../briefing/message.js";
import { renderText } from "../platforms/text-renderer.js";
import { type PlatformSender, type SendOptions, sendAllParts } from "./sender.js";

export function createConsoleSender(
  write: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
): PlatformSender {
  let n = 0;
  const sender: PlatformSender = {
    platform: "console",
    channelIntervalMs: 0,
    render: (message: NeutralMessage) => [renderText(message)],
    async sendPart(channelId: string, part: unknown) {
      write(channelId === "main" ? String(part) : `[${channelId}]\n${String(part)}`);
      return { ref: `console-${Date.now()}-${++n}` };
    },
    send: (channelId: string, message: NeutralMessage, o: SendOptions) => sendAllParts(sender, channelId, message, o),
  };
  return sender;
}
