/**
 * A channel the bot can no longer post to: park its queued messages, pause its schedule and
 * subscriptions, and tell the admins (log, plus a notice to the admin channel when one is configured).
 */
import type { NeutralMessage } from "../briefing/message.js";
import type { Lang } from "../domain/types.js";
import type { Logger } from "../log.js";
import { pauseChannel } from "../store/channel-repository.js";
import { type Db, enqueue } from "./outbox.js";
import { pauseQueued } from "./queue.js";

export function lostAccessNotice(channel: string, reason: string, lang: Lang): NeutralMessage {
  if (lang === "ko") {
    return {
      summary: `${channel} 채널 전송 중단: 봇이 채널에 접근할 수 없습니다`,
      blocks: [
        { type: "header", text: "채널 전송 중단" },
        {
          type: "section",
          text: `봇이 **${channel}** 채널에 더 이상 메시지를 보낼 수 없어 이 채널의 브리핑 일정과 알림 구독을 멈췄습니다. 대기 중이던 메시지는 보관돼 있습니다.`,
        },
        {
          type: "context",
          text: `사유: ${reason} · 봇을 채널에 다시 초대한 뒤 일정을 재개하고 \`dealgraph outbox --retry ID\`로 보관된 메시지를 다시 보내십시오.`,
        },
      ],
    };
  }
  return {
    summary: `Delivery to ${channel} paused: the bot lost access`,
    blocks: [
      { type: "header", text: "Channel delivery paused" },
      {
        type: "section",
        text: `The bot can no longer post to **${channel}**. Its digest schedule and alert subscriptions are paused; queued messages are kept.`,
      },
      {
        type: "context",
        text: `Reason: ${reason}. Re-invite the bot, resume the schedule, then resend kept messages with \`dealgraph outbox --retry ID\`.`,
      },
    ],
  };
}

export interface LostAccessContext {
  db: Db;
  logger: Pick<Logger, "warn">;
  lang: Lang;
  adminChannel?: string | null;
}

/** Returns true when a notice was queued for the admin channel. */
export async function handleLostAccess(
  ctx: LostAccessContext,
  channel: string,
  reason: string,
  rowId: number,
): Promise<boolean> {
  const parked = await pauseQueued(ctx.db, channel, reason);
  await pauseChannel(ctx.db, channel, reason);
  ctx.logger.warn(
    { channel, reason, parked: parked + 1 },
    "delivery paused: the bot lost access to the channel; schedule and subscriptions paused",
  );
  if (!ctx.adminChannel || ctx.adminChannel === channel) return false;
  return enqueue(ctx.db, {
    key: `notice:lost-access:${channel}:${rowId}`,
    channel: ctx.adminChannel,
    kind: "notice",
    message: lostAccessNotice(channel, reason, ctx.lang),
  });
}
