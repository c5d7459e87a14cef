import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commands } from "../../commands/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

interface Manifest {
  display_information: { name: string; description: string; long_description?: string };
  features: {
    bot_user: { display_name: string };
    slash_commands: {
      command: string;
      url: string;
      description: string;
      usage_hint?: string;
      should_escape?: boolean;
    }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity?: { is_enabled: boolean } };
}

const manifest = parse(readFileSync(join(ROOT, "slack-app-manifest.yaml"), "utf8")) as Manifest;

describe("the Slack app manifest", () => {
  it("declares every command the bot answers, and nothing else", () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(
      commands.map((c) => `/${c.name}`).sort(),
    );
  });

  it.each(commands.map((c) => [c.name, c] as const))(
    "/%s points at the events endpoint with a description",
    (name, def) => {
      const entry = manifest.features.slash_commands.find((c) => c.command === `/${name}`);
      expect(entry?.url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
      expect(entry?.description).toBe(def.description.en);
      expect(entry?.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect((entry?.usage_hint ?? "").length).toBeLessThanOrEqual(1000);
    },
  );

  it("asks for the scopes the bot uses", () => {
    const scopes = manifest.oauth_config.scopes.bot;
    for (const s of ["commands", "chat:write", "users:read", "channels:history", "files:write"])
      expect(scopes).toContain(s);
  });

  it("ships with Socket Mode off (HTTP with signature verification) and a long description Slack accepts", () => {
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect((manifest.display_information.long_description ?? "").length).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });
});
