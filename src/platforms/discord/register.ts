/**
 * `npm run register`: registers the slash commands with Discord — in DISCORD_GUILD_ID when set
 * (instant, for testing), else globally (may take up to an hour to show everywhere).
 */
import { pathToFileURL } from "node:url";
import { REST, Routes } from "discord.js";
import { commands } from "../../../commands/index.js";
import { ConfigError, type DiscordConfig, loadConfig } from "../../config.js";
import type { CommandDefinition } from "../command.js";
import { commandsPayload } from "./discord-commands.js";

export interface RegisterResult {
  scope: "guild" | "global";
  count: number;
}

/** Replaces the application's commands with ours (a bulk overwrite, so removed commands disappear). */
export async function registerCommands(
  config: DiscordConfig,
  defs: readonly CommandDefinition[] = commands,
): Promise<RegisterResult> {
  const rest = new REST({ version: "10", ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const body = commandsPayload(defs);
  const res = (await rest.put(route, { body })) as unknown[];
  return { scope: config.guildId ? "guild" : "global", count: Array.isArray(res) ? res.length : body.length };
}

async function cli(): Promise<number> {
  try {
    const config = loadConfig();
    if (!config.discord) {
      process.stderr.write("register: DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set\n");
      return 1;
    }
    const r = await registerCommands(config.discord);
    const where =
      r.scope === "guild" ? `guild ${config.discord.guildId}` : "every server (global; may take up to an hour)";
    process.stdout.write(`registered ${r.count} commands in ${where}\n`);
    return 0;
  } catch (err) {
    const msg = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`register: ${msg}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli().then((code) => process.exit(code));
}
