/**
 * Slack inbound: slash commands through Bolt. Socket Mode when an app-level token is set, else the
 * HTTP receiver on PORT (Bolt verifies the signature and the timestamp). Every command is acked at
 * once; the answer goes through `response_url` as Block Kit, split into several posts when long; its
 * pictures are then uploaded to the channel (`files:write`), as `response_url` cannot carry files.
 */
import { App, type Logger as BoltLogger, LogLevel, type RespondFn, type SlashCommand } from "@slack/bolt";
import type { CommandServices } from "../../../commands/shared/run.js";
import { resolveLang, runCommand, userErrorMessage } from "../../../commands/shared/run.js";
import { allPictures, type NeutralMessage } from "../../briefing/message.js";
import type { SlackConfig } from "../../config.js";
import { uploadToSlack } from "../../delivery/slack-upload.js";
import type { CommandDefinition } from "../command.js";
import { UserError } from "../command.js";
import { findCommand, parseCommandArgs } from "../command-text.js";
import { SlackAdmins } from "./slack-admins.js";
import { renderSlack } from "./slack-renderer.js";

export interface SlackPlatformOptions {
  app: CommandServices;
  commands: readonly CommandDefinition[];
  config: SlackConfig;
  /** HTTP mode: the port of the `/slack/events` endpoint (0 picks a free one). */
  port: number;
  /** HTTP mode: the address to listen on (default: every interface). */
  host?: string;
}

export interface SlackPlatform {
  bolt: App;
  /** HTTP mode: the port actually listened on. */
  port: number | null;
  stop(): Promise<void>;
}

function boltLogger(log: CommandServices["logger"]): BoltLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg) => log.warn({ slack: msg.map(String).join(" ") }, "slack"),
    error: (...msg) => log.error({ slack: msg.map(String).join(" ") }, "slack"),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** Slack sends `&`, `<` and `>` in command text as HTML entities. */
export function slackUnescape(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Posts a neutral message through `respond()`, one call per rendered page. */
export async function respondWith(respond: RespondFn, message: NeutralMessage, ephemeral: boolean): Promise<void> {
  const pages = renderSlack(message);
  for (const [i, page] of pages.entries()) {
    await respond({
      response_type: ephemeral ? "ephemeral" : "in_channel",
      text: page.text,
      blocks: page.blocks,
      // a follow-up page must not replace the first one
      ...(i > 0 ? { replace_original: false } : {}),
    });
  }
}

/**
 * Retries of the bot's own Web API calls (chart uploads after a command's answer, admin look-ups): a
 * few, within seconds. The client's default keeps trying for about 30 minutes, and a chart that lands
 * half an hour after its answer only confuses the channel.
 */
const INTERACTIVE_RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000, randomize: true };

export async function startSlack(opts: SlackPlatformOptions): Promise<SlackPlatform> {
  const { config, commands, app: svc } = opts;
  const socketMode = config.socketMode && config.appToken !== null;
  const bolt = new App({
    token: config.botToken,
    signingSecret: config.signingSecret,
    ...(socketMode ? { socketMode: true, appToken: config.appToken as string } : { port: opts.port }),
    processBeforeResponse: false,
    logger: boltLogger(svc.logger),
    clientOptions: {
      retryConfig: INTERACTIVE_RETRIES,
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    },
    // the Socket Mode client has its own Web API client (apps.connections.open), configured apart
    ...(config.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } } : {}),
  });
  const admins = new SlackAdmins(bolt.client, config.adminUsers, svc.logger);
  // A retry that slipped past the header check (e.g. after a restart) still runs once per trigger.
  const seenTriggers = new Set<string>();

  bolt.command(/.*/, async ({ command, ack, respond, context }) => {
    await ack();
    if (context.retryNum !== undefined) {
      svc.logger.info({ retryNum: context.retryNum, reason: context.retryReason }, "ignored a retried Slack delivery");
      return;
    }
    if (command.trigger_id) {
      if (seenTriggers.has(command.trigger_id)) return;
      seenTriggers.add(command.trigger_id);
      if (seenTriggers.size > 10_000) seenTriggers.delete(seenTriggers.values().next().value as string);
    }
    await handleCommand(command, respond);
  });

  async function handleCommand(command: SlashCommand, respond: RespondFn): Promise<void> {
    const channel = { platform: "slack" as const, id: command.channel_id, key: `slack:${command.channel_id}` };
    const def = findCommand(commands, command.command);
    try {
      if (!def) {
        const lang = await resolveLang(
          { raw: {}, channel, user: { id: command.user_id, isChannelManager: false } },
          svc,
        );
        const err = new UserError({
          en: `This bot has no \`${command.command}\` command.`,
          ko: `\`${command.command}\` 명령은 없습니다.`,
        });
        await respondWith(respond, userErrorMessage(err, lang, "/help"), true);
        return;
      }
      const parsed = parseCommandArgs(def, slackUnescape(command.text ?? ""));
      const user = {
        id: command.user_id,
        isChannelManager: def.requiresChannelManager ? await admins.isManager(command.user_id) : false,
      };
      if (!parsed.ok) {
        const lang = await resolveLang({ raw: {}, channel, user }, svc);
        await respondWith(respond, userErrorMessage(new UserError(parsed.error), lang, parsed.usage), true);
        return;
      }
      const outcome = await runCommand(def, { raw: parsed.raw, channel, user }, svc);
      await respondWith(respond, outcome.message, outcome.ephemeral);
      if (!outcome.ephemeral) await track(uploadPictures(command.channel_id, outcome.message));
    } catch (err) {
      svc.logger.error({ err, command: command.command, channel: channel.key }, "could not answer a Slack command");
    }
  }

  // Uploads still going when the bot stops are waited for (each gives up within seconds).
  const uploading = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    uploading.add(p);
    return p.finally(() => uploading.delete(p));
  };

  // respond() cannot carry files: pictures go to the command's channel once the answer is out.
  async function uploadPictures(channelId: string, message: NeutralMessage): Promise<void> {
    const pictures = await allPictures(message);
    for (const attachment of pictures) {
      try {
        await uploadToSlack(bolt.client, { channel: channelId, attachment });
      } catch (err) {
        svc.logger.warn({ err, channel: channelId, file: attachment.filename }, "could not upload a picture to Slack");
      }
    }
  }

  bolt.error(async (err) => {
    svc.logger.error({ err }, "Slack error");
  });

  const server = await (socketMode
    ? bolt.start()
    : bolt.start(opts.host ? { port: opts.port, host: opts.host } : opts.port));
  let port: number | null = null;
  if (!socketMode && server && typeof (server as { address?: unknown }).address === "function") {
    const addr = (server as import("node:http").Server).address();
    port = addr && typeof addr === "object" ? addr.port : null;
  }
  svc.logger.info({ mode: socketMode ? "socket" : "http", port }, "Slack is listening");
  return {
    bolt,
    port,
    stop: async () => {
      await bolt.stop();
      await Promise.all(uploading);
    },
  };
}
