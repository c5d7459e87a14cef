import type { DiscordMessage } from "../../../src/platforms/discord/discord-renderer.js";

/** Characters one Discord message holds across its embeds, as Discord counts them against its total. */
export const discordSize = (m: DiscordMessage) =>
  m.embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.fields ?? []).reduce((k, f) => k + f.name.length + f.value.length, 0),
    0,
  );
