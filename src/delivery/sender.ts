/** What the dispatcher needs from a platform: render a message into parts, and send one part. */
import type { NeutralMessage } from "../briefing/message.js";

export interface PartOptions {
  /** Unique per platform message: the outbox key plus the part number. */
  idempotencyKey: string;
  /** Platform ref of the message to reply under (Slack ts, Discord message id). */
  threadRef?: string;
  broadcast?: boolean;
  /** The previous attempt may have reached the platform: find it before posting again. */
  reconcile?: boolean;
}

export interface SendOptions {
  idempotencyKey: string;
  threadRef?: string;
  broadcast?: boolean;
}

export interface PlatformSender {
  readonly platform: "slack" | "discord" | "console";
  /** Least time between two messages to one channel (Slack: about 1 s). */
  readonly channelIntervalMs: number;
  /** The platform messages one neutral message becomes, in order. */
  render(message: NeutralMessage): unknown[];
  /** Posts one rendered part; returns its platform ref. Throws `SendError`. */
  sendPart(channelId: string, part: unknown, opts: PartOptions): Promise<{ ref: string }>;
  /** Posts every part in order; `ref` is the first part's. */
  send(channelId: string, message: NeutralMessage, opts: SendOptions): Promise<{ ref: string; refs: string[] }>;
}

export interface SendErrorInfo {
  /** The platform asked to wait this long (429 Retry-After). */
  retryAfterMs?: number;
  /** Retrying will not help (malformed message, unknown method). */
  permanent?: boolean;
  /** The bot cannot post to this channel any more. */
  lostAccess?: boolean;
  /** The request may have been accepted before the connection failed. */
  unknownOutcome?: boolean;
}

export class SendError extends Error {
  override name = "SendError";
  readonly retryAfterMs?: number;
  readonly permanent: boolean;
  readonly lostAccess: boolean;
  readonly unknownOutcome: boolean;

  constructor(message: string, info: SendErrorInfo = {}, options?: ErrorOptions) {
    super(message, options);
    if (info.retryAfterMs !== undefined) this.retryAfterMs = info.retryAfterMs;
    this.permanent = info.permanent ?? false;
    this.lostAccess = info.lostAccess ?? false;
    this.unknownOutcome = info.unknownOutcome ?? false;
  }
}

/** Any thrown value as a SendError; unexpected errors are treated as transient with an unknown outcome. */
export function asSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new SendError(msg, { unknownOutcome: true }, { cause: err });
}

/** `send` for senders: every part in order, each keyed `{key}#{n}`. */
export async function sendAllParts(
  sender: PlatformSender,
  channelId: string,
  message: NeutralMessage,
  opts: SendOptions,
): Promise<{ ref: string; refs: string[] }> {
  const refs: string[] = [];
  const parts = sender.render(message);
  for (const [i, part] of parts.entries()) {
    const { ref } = await sender.sendPart(channelId, part, {
      ...opts,
      idempotencyKey: partKey(opts.idempotencyKey, i),
    });
    refs.push(ref);
  }
  return { ref: refs[0] ?? "", refs };
}

export function partKey(key: string, part: number): string {
  return `${key}#${part}`;
}
