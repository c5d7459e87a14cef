/**
 * Discord inbound: slash commands and company autocomplete through discord.js, with the Guilds
 * intent only (no privileged intents). Answers are embeds; an answer not ready quickly is deferred
 * first and edited in. Nothing the bot sends can mention anyone (`allowedMentions: { parse: [] }`).
 */
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type InteractionReplyOptions,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import type { CommandServices } from "../../../commands/shared/run.js";
import { langFromLocale, runCommand } from "../../../commands/shared/run.js";
import { allPictures, type NeutralMessage } from "../../briefing/message.js";
import type { DiscordConfig } from "../../config.js";
import type { CommandDefinition } from "../command.js";
import { findCommand } from "../command-text.js";
import { renderDiscord } from "./discord-renderer.js";

export const NO_MENTIONS = Object.freeze({ parse: [] as [] });

export interface DiscordPlatformOptions {
  app: CommandServices;
  commands: readonly CommandDefinition[];
  config: DiscordConfig;
  /**
   * An answer not ready after this long is deferred, then edited in (Discord allows 3 s for the
   * first reply). 0 defers every answer.
   */
  deferAfterMs?: number;
}

export interface DiscordPlatform {
  client: Client;
  stop(): Promise<void>;
}

/** Discord message payloads for a neutral message (first page carries the attachments). */
export function discordPayloads(message: NeutralMessage, ephemeral: boolean): InteractionReplyOptions[] {
  return renderDiscord(message).map((page, i) => ({
    ...(page.content ? { content: page.content } : {}),
    embeds: page.embeds,
    allowedMentions: NO_MENTIONS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    ...(i === 0 && message.attachments?.length
      ? { files: message.attachments.map((a) => ({ attachment: Buffer.from(a.data), name: a.filename })) }
      : {}),
  }));
}

export async function startDiscord(opts: DiscordPlatformOptions): Promise<DiscordPlatform> {
  const { app: svc, commands, config } = opts;
  const deferAfterMs = opts.deferAfterMs ?? 1500;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });

  /** Discord takes files with the reply, so an answer's pictures are drawn before it goes out. */
  async function answerWithPictures(...args: Parameters<typeof runCommand>) {
    const outcome = await runCommand(...args);
    const { pictures, ...message } = outcome.message;
    if (!pictures) return outcome;
    return { ...outcome, message: { ...message, attachments: await allPictures(outcome.message) } };
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const def = findCommand(commands, interaction.commandName);
    if (!def) return;
    const raw = Object.fromEntries(
      interaction.options.data.map((o) => [o.name, o.value as string | number | boolean | undefined]),
    );
    const isChannelManager =
      !interaction.inGuild() || Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels));
    const channelId = interaction.channelId;
    const run = answerWithPictures(
      def,
      {
        raw,
        channel: { platform: "discord", id: channelId, key: `discord:${channelId}` },
        user: { id: interaction.user.id, isChannelManager },
        userLocale: interaction.locale,
      },
      svc,
    );
    let timer: NodeJS.Timeout | undefined;
    const quick =
      deferAfterMs <= 0
        ? null
        : await Promise.race([
            run,
            new Promise<null>((resolve) => {
              timer = setTimeout(() => resolve(null), deferAfterMs);
            }),
          ]);
    clearTimeout(timer);
    if (quick) {
      const [first, ...rest] = discordPayloads(quick.message, quick.ephemeral);
      if (first) await interaction.reply(first);
      for (const p of rest) await interaction.followUp(p);
      return;
    }
    await interaction.deferReply(def.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    const outcome = await run;
    const [first, ...rest] = discordPayloads(outcome.message, outcome.ephemeral);
    if (first) {
      const { flags: _flags, ...edit } = first;
      await interaction.editReply(edit);
    }
    for (const p of rest) await interaction.followUp(p);
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const lang = langFromLocale(interaction.locale) ?? svc.config.defaultLang;
    const found = svc.resolver.search(String(focused.value ?? ""), 25);
    await interaction.respond(
      found.map((c) => {
        const [first, second] = lang === "ko" ? [c.name.ko, c.name.en] : [c.name.en, c.name.ko];
        const label = first && second && first !== second ? `${first} (${second})` : first || second || c.id;
        return { name: label.slice(0, 100), value: c.id };
      }),
    );
  }

  client.on(Events.InteractionCreate, (interaction) => {
    const work = interaction.isChatInputCommand()
      ? onCommand(interaction)
      : interaction.isAutocomplete()
        ? onAutocomplete(interaction)
        : null;
    work?.catch((err) => svc.logger.error({ err }, "could not answer a Discord interaction"));
  });
  client.on(Events.Error, (err) => svc.logger.error({ err }, "Discord client error"));

  await client.login(config.token);
  svc.logger.info({ user: client.user?.tag }, "Discord is connected");
  return { client, stop: () => client.destroy() };
}
