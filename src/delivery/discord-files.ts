/**
 * Pictures on Discord: a message's attachments ride on its last rendered part as multipart `files[n]`
 * (discord.js REST `files`), so text and picture are one request under one nonce — a retry returns the
 * message already posted instead of posting it, or its picture, again.
 */
import type { Attachment, NeutralMessage } from "../briefing/message.js";
import type { DiscordMessage } from "../platforms/discord/discord-renderer.js";

/** discord.js REST `RawFile`. */
export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

export type DiscordPart = DiscordMessage & { files?: DiscordFile[] };

export function discordFiles(attachments: readonly Attachment[]): DiscordFile[] {
  return attachments.map((a) => ({ name: a.filename, data: Buffer.from(a.data), contentType: a.contentType }));
}

/** The rendered parts with the message's attachments added to the last one. */
export function withFiles(parts: DiscordMessage[], message: NeutralMessage): DiscordPart[] {
  const files = discordFiles(message.attachments ?? []);
  if (files.length === 0 || parts.length === 0) return parts;
  return parts.map((p, i) => (i === parts.length - 1 ? { ...p, files } : p));
}
