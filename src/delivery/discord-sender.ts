/**
 * Discord sender: channel messages through discord.js `REST`, which keeps Discord's per-route buckets
 * (from the X-RateLimit headers) and the 50 req/s global limit and waits out 429s itself. Its retries of
 * 5xx and network errors are off so the dispatcher's policy decides. Every message carries a nonce derived
 * from the idempotency key with `enforce_nonce`, so a re-sent attempt returns the message already posted.
 */
import { createHash } from "node:crypto";
import type { REST } from "discord.js";
import type { NeutralMessage } from "../briefing/message.js";
import { renderDiscord } from "../platforms/discord/discord-renderer.js";
import { type DiscordPart, withFiles } from "./discord-files.js";
import { type PartOptions, type PlatformSender, SendError, type SendOptions, sendAllParts } from "./sender.js";

/** Missing Access, Missing Permissions, Unknown Channel, Cannot send messages in a thread archived / to this user. */
const LOST_ACCESS_CODES = new Set([50001, 50013, 10003, 50083, 50007]);

export interface DiscordSenderOptions {
  token: string;
  /** REST base, e.g. `http://127.0.0.1:4001/api` (DISCORD_API_URL). */
  apiUrl?: string | null;
  timeoutMs?: number;
  /** Requests per second across all routes (Discord: 50). */
  globalPerSecond?: number;
}

/** Discord nonces are at most 25 characters: a hash of the idempotency key. */
export function nonceFor(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 25);
}

export function createDiscordSender(opts: DiscordSenderOptions): PlatformSender {
  // discord.js is loaded on the first send, so wiring stays light.
  let restP: Promise<REST> | null = null;
  const getRest = () =>
    (restP ??= import("discord.js").then(({ REST }) =>
      new REST({
        ...(opts.apiUrl ? { api: opts.apiUrl } : {}),
        retries: 0,
        timeout: opts.timeoutMs ?? 30_000,
        globalRequestsPerSecond: opts.globalPerSecond ?? 50,
      }).setToken(opts.token),
    ));

  const sender: PlatformSender = {
    platform: "discord",
    channelIntervalMs: 0,
    render: (message: NeutralMessage) => withFiles(renderDiscord(message), message),
    async sendPart(channelId: string, part: unknown, o: PartOptions) {
      const m = part as DiscordPart;
      const body = {
        ...(m.content ? { content: m.content } : {}),
        embeds: m.embeds,
        nonce: nonceFor(o.idempotencyKey),
        enforce_nonce: true,
        allowed_mentions: { parse: [], replied_user: false },
        ...(o.threadRef ? { message_reference: { message_id: o.threadRef, fail_if_not_exists: false } } : {}),
      };
      try {
        const rest = await getRest();
        const res = (await rest.post(`/channels/${channelId}/messages`, {
          body,
          ...(m.files?.length ? { files: m.files } : {}),
        })) as { id?: string };
        if (!res.id) throw new SendError("Discord accepted the message without an id", { unknownOutcome: true });
        return { ref: res.id };
      } catch (err) {
        throw toSendError(err);
      }
    },
    send: (channelId: string, message: NeutralMessage, o: SendOptions) => sendAllParts(sender, channelId, message, o),
  };
  return sender;
}

/** Maps discord.js REST errors (told apart by name, as the library is loaded lazily) onto the dispatcher's terms. */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as { name?: string; message?: string; status?: number; code?: number | string; retryAfter?: number };
  const name = e.name ?? "";
  if (name.startsWith("RateLimitError"))
    return new SendError(`Discord rate limited: ${e.message}`, { retryAfterMs: e.retryAfter ?? 1000 }, { cause: err });
  if (name.startsWith("DiscordAPIError") && typeof e.status === "number") {
    const what = `Discord ${e.status} ${e.code}: ${e.message}`;
    if (LOST_ACCESS_CODES.has(Number(e.code)) || e.status === 403)
      return new SendError(what, { lostAccess: true }, { cause: err });
    if (e.status >= 500) return new SendError(what, {}, { cause: err });
    return new SendError(what, { permanent: e.status !== 408 }, { cause: err });
  }
  if (name === "HTTPError" && typeof e.status === "number") {
    return new SendError(
      `Discord HTTP ${e.status}`,
      { permanent: e.status >= 400 && e.status < 500 && e.status !== 408 },
      { cause: err },
    );
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new SendError(`Discord request failed: ${msg}`, { unknownOutcome: true }, { cause: err });
}
