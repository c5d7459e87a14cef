/**
 * Slack sender: `chat.postMessage` as one JSON request on a keep-alive connection (slack-post.ts), history
 * look-ups and uploads through the Web API client; neither retries on its own, so the dispatcher's policy
 * decides. Each message carries its idempotency key in message metadata, which is how an attempt with an
 * unknown outcome is found again before anything is re-posted.
 */
// @slack/web-api comes with @slack/bolt; it is loaded on the first send, so wiring stays light.
import type * as WebApi from "@slack/web-api";
import type { NeutralMessage } from "../briefing/message.js";
import { renderSlack, type SlackMessage } from "../platforms/slack/slack-renderer.js";
import { createKeepAliveFetch } from "./keep-alive-fetch.js";
import { type PartOptions, type PlatformSender, SendError, type SendOptions, sendAllParts } from "./sender.js";
import { createSlackPost, METADATA_EVENT } from "./slack-post.js";
import {
  findUploaded,
  isSlackFilePart,
  type SlackFilePart,
  slackFileParts,
  uploadFilename,
  uploadToSlack,
} from "./slack-upload.js";

export { METADATA_EVENT };

/** Errors that mean the bot can no longer post in the channel. */
const LOST_ACCESS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "channel_is_archived",
  "restricted_action",
]);
/** Errors a retry will not fix. */
const PERMANENT = new Set([
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "no_text",
  "invalid_metadata_format",
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "account_inactive",
  "missing_scope",
]);

export interface SlackSenderOptions {
  token: string;
  /** Web API base, e.g. `http://127.0.0.1:4000/api/` (SLACK_API_URL). */
  apiUrl?: string | null;
  /** Least time between messages to one channel (default 1000 ms). */
  channelIntervalMs?: number;
  timeoutMs?: number;
  /** How far back to look for a message whose outcome is unknown. */
  reconcileWindow?: number;
  /** Requests in flight and pooled keep-alive connections (default 256). */
  maxConcurrency?: number;
  /** Told when a picture could not be uploaded for good (the message text is out; the picture is dropped). */
  onUploadSkipped?: (info: { channel: string; filename: string; error: string }) => void;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export function createSlackSender(opts: SlackSenderOptions): PlatformSender {
  let clientP: Promise<WebApi.WebClient> | null = null;
  const getClient = () =>
    (clientP ??= import("@slack/web-api").then(
      (webApi) =>
        new webApi.WebClient(opts.token, {
          ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
          timeout: opts.timeoutMs ?? 30_000,
          logLevel: webApi.LogLevel.ERROR,
          // The dispatcher bounds requests in flight; the client's own queue must not add a lower cap.
          maxRequestConcurrency: opts.maxConcurrency ?? 256,
          fetch: createKeepAliveFetch({ maxSockets: opts.maxConcurrency ?? 256 }),
        }),
    ));
  // Messages, the fan-out's hot path, go out as JSON without the client (see slack-post.ts).
  const post = createSlackPost({
    token: opts.token,
    apiUrl: opts.apiUrl ?? null,
    timeoutMs: opts.timeoutMs ?? 30_000,
    maxSockets: opts.maxConcurrency ?? 256,
  });
  const window = opts.reconcileWindow ?? 100;

  async function findPosted(channel: string, key: string, threadRef?: string): Promise<string | null> {
    const match = (m: HistoryMessage) =>
      m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.key === key;
    try {
      const client = await getClient();
      const hist = await client.conversations.history({ channel, include_all_metadata: true, limit: window });
      const found = (hist.messages as HistoryMessage[] | undefined)?.find(match);
      if (found?.ts) return found.ts;
      if (threadRef) {
        const replies = await client.conversations.replies({
          channel,
          ts: threadRef,
          include_all_metadata: true,
          limit: window,
        });
        const reply = (replies.messages as HistoryMessage[] | undefined)?.find(match);
        if (reply?.ts) return reply.ts;
      }
      return null;
    } catch (err) {
      throw toSendError(err, "looking for an earlier attempt");
    }
  }

  // Sent after the message's text parts are confirmed, so a failed upload never re-posts the text.
  async function sendFile(channel: string, part: SlackFilePart, o: PartOptions): Promise<{ ref: string }> {
    const filename = uploadFilename(part.attachment.filename, o.idempotencyKey);
    try {
      const client = await getClient();
      if (o.reconcile) {
        const id = await findUploaded(client, channel, filename, o.threadRef, window);
        if (id) return { ref: id };
      }
      return {
        ref: await uploadToSlack(client, { channel, attachment: part.attachment, threadTs: o.threadRef, filename }),
      };
    } catch (err) {
      const e = toSendError(err, "files.uploadV2");
      if (!e.permanent) throw e;
      // e.g. missing_scope on an install made before files:write was asked for: keep the digest flowing.
      opts.onUploadSkipped?.({ channel, filename, error: e.message });
      return { ref: `skipped:${filename}` };
    }
  }

  const sender: PlatformSender = {
    platform: "slack",
    channelIntervalMs: opts.channelIntervalMs ?? 1000,
    render: (message: NeutralMessage) => [...renderSlack(message), ...slackFileParts(message)],
    async sendPart(channel: string, part: unknown, o: PartOptions) {
      if (isSlackFilePart(part)) return sendFile(channel, part, o);
      if (o.reconcile) {
        const ts = await findPosted(channel, o.idempotencyKey, o.threadRef);
        if (ts) return { ref: ts };
      }
      try {
        const res = await post(part as SlackMessage, {
          channel,
          idempotencyKey: o.idempotencyKey,
          ...(o.threadRef ? { threadTs: o.threadRef, broadcast: o.broadcast } : {}),
        });
        if (!res.ts) throw new SendError("Slack accepted the message without a ts", { unknownOutcome: true });
        return { ref: res.ts };
      } catch (err) {
        throw toSendError(err, "chat.postMessage");
      }
    },
    send: (channel: string, message: NeutralMessage, o: SendOptions) => sendAllParts(sender, channel, message, o),
  };
  return sender;
}

/** Maps a Web API client error onto the dispatcher's terms. */
export function toSendError(err: unknown, what: string): SendError {
  if (err instanceof SendError) return err;
  const e = err as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  const msg = `Slack ${what}: ${e.message ?? String(err)}`;
  switch (e.code) {
    case "slack_webapi_rate_limited_error":
      return new SendError(msg, { retryAfterMs: (e.retryAfter ?? 1) * 1000 }, { cause: err });
    case "slack_webapi_platform_error": {
      const code = e.data?.error ?? "";
      if (LOST_ACCESS.has(code)) return new SendError(`Slack ${what}: ${code}`, { lostAccess: true }, { cause: err });
      if (code === "ratelimited") return new SendError(msg, { retryAfterMs: 1000 }, { cause: err });
      return new SendError(`Slack ${what}: ${code}`, { permanent: PERMANENT.has(code) }, { cause: err });
    }
    case "slack_webapi_http_error": {
      const status = e.statusCode ?? 0;
      return new SendError(
        `Slack ${what}: HTTP ${status}`,
        { permanent: status >= 400 && status < 500 && status !== 408 },
        { cause: err },
      );
    }
    default:
      // Network failures and timeouts: the request may have been accepted.
      return new SendError(msg, { unknownOutcome: true }, { cause: err });
  }
}
