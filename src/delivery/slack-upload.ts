/**
 * Pictures on Slack: the Web API's external upload (`files.getUploadURLExternal`, the upload itself,
 * `files.completeUploadExternal`, which `WebClient.filesUploadV2` chains) into a channel, in a thread
 * when there is one. A message's attachments travel as parts of their own after its text parts, so the
 * dispatcher records the text as sent before any upload starts and a failed upload never re-posts it.
 */
import { createHash } from "node:crypto";
import type * as WebApi from "@slack/web-api";
import type { Attachment, NeutralMessage } from "../briefing/message.js";

/** A rendered part that uploads one file instead of posting a message. */
export interface SlackFilePart {
  kind: "slack-file";
  attachment: Attachment;
}

export function slackFileParts(message: NeutralMessage): SlackFilePart[] {
  return (message.attachments ?? []).map((attachment) => ({ kind: "slack-file", attachment }));
}

export function isSlackFilePart(part: unknown): part is SlackFilePart {
  return typeof part === "object" && part !== null && (part as { kind?: unknown }).kind === "slack-file";
}

/**
 * The name a file is uploaded under: the attachment's own plus a short tag of the idempotency key, so a
 * retry after an unknown outcome can find the upload that may already have landed.
 */
export function uploadFilename(filename: string, idempotencyKey: string): string {
  const tag = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 8);
  const dot = filename.lastIndexOf(".");
  return dot > 0 ? `${filename.slice(0, dot)}-${tag}${filename.slice(dot)}` : `${filename}-${tag}`;
}

/** The title Slack shows above a picture: the file name without its extension. */
export function uploadTitle(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot > 0 ? filename.slice(0, dot) : filename;
}

export interface SlackUpload {
  channel: string;
  attachment: Attachment;
  /** Upload into this thread (Slack `thread_ts`). */
  threadTs?: string | undefined;
  /** Name to upload under (default: the attachment's). */
  filename?: string;
}

/** Uploads one file and shares it in the channel; returns the Slack file id. */
export async function uploadToSlack(client: WebApi.WebClient, u: SlackUpload): Promise<string> {
  const filename = u.filename ?? u.attachment.filename;
  const res = (await client.filesUploadV2({
    channel_id: u.channel,
    file: Buffer.from(u.attachment.data),
    filename,
    title: uploadTitle(u.attachment.filename),
    ...(u.threadTs ? { thread_ts: u.threadTs } : {}),
  } as WebApi.FilesUploadV2Arguments)) as { files?: { files?: { id?: string }[] }[] };
  return res.files?.[0]?.files?.[0]?.id ?? "";
}

interface HistoryFileMessage {
  ts?: string;
  files?: { id?: string; name?: string }[];
}

/** The id of a file named `filename` already shared in the channel (or the thread), else null. */
export async function findUploaded(
  client: WebApi.WebClient,
  channel: string,
  filename: string,
  threadTs?: string,
  limit = 100,
): Promise<string | null> {
  const pick = (messages: unknown) =>
    (messages as HistoryFileMessage[] | undefined)?.flatMap((m) => m.files ?? []).find((f) => f.name === filename)
      ?.id ?? null;
  const hist = await client.conversations.history({ channel, limit });
  const found = pick(hist.messages);
  if (found || !threadTs) return found;
  const replies = await client.conversations.replies({ channel, ts: threadTs, limit });
  return pick(replies.messages);
}
