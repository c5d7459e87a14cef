import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CONFIG_VARS, ConfigError, loadConfig } from "../src/config.js";
import { createLogger, scrubSecrets } from "../src/log.js";

const slack = { SLACK_BOT_TOKEN: "xoxb-111-222-abc", SLACK_SIGNING_SECRET: "s3cr3t-signing" };
const discord = { DISCORD_TOKEN: "discord.token.value", DISCORD_APPLICATION_ID: "123456789012345678" };

const errorOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("loadConfig", () => {
  it("with nothing set runs the console platform on SQLite with the documented defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      dbPath: "./data/dealgraph.db",
      databaseUrl: null,
      defaultLang: "ko",
      defaultTz: "Asia/Seoul",
      port: 3000,
      slack: null,
      discord: null,
      openai: null,
      logLevel: "info",
      samplePath: "data/ai-deals.sample.json",
      alertPollMs: 2000,
      alertBurstLimit: 5,
      digestCatchup: true,
      platforms: ["console"],
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("turns on every configured platform and the LLM lead", () => {
    const c = loadConfig({
      ...slack,
      ...discord,
      SLACK_APP_TOKEN: "xapp-1-abc",
      SLACK_ADMIN_USERS: "U1, U2 ,",
      OPENAI_API_KEY: "sk-testtesttest",
      OPENAI_BASE_URL: "http://127.0.0.1:9999/v1",
      DEFAULT_LANG: "en",
      DIGEST_CATCHUP: "false",
    });
    expect(c.platforms).toEqual(["slack", "discord"]);
    expect(c.slack).toMatchObject({ socketMode: true, adminUsers: ["U1", "U2"], apiUrl: null });
    expect(c.openai).toEqual({
      apiKey: "sk-testtesttest",
      baseURL: "http://127.0.0.1:9999/v1",
      model: "gpt-4o-mini",
      timeoutMs: 20000,
    });
    expect(c.defaultLang).toBe("en");
    expect(c.digestCatchup).toBe(false);
  });

  it("takes the admin channel that hears about lost access", () => {
    expect(loadConfig({}).adminChannel).toBeNull();
    expect(loadConfig({ ADMIN_CHANNEL: "slack:C0123ABCD" }).adminChannel).toBe("slack:C0123ABCD");
  });

  it.each([
    [
      { SLACK_BOT_TOKEN: "xoxb-1" },
      "SLACK_SIGNING_SECRET must be set too: Slack is half-configured (SLACK_BOT_TOKEN is set)",
    ],
    [
      { SLACK_APP_TOKEN: "xapp-1" },
      "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set too: Slack is half-configured (SLACK_APP_TOKEN is set)",
    ],
    [
      { DISCORD_TOKEN: "t" },
      "DISCORD_APPLICATION_ID must be set too: Discord is half-configured (DISCORD_TOKEN is set)",
    ],
    [{ DEFAULT_LANG: "fr" }, 'DEFAULT_LANG is malformed: expected ko or en (got "fr")'],
    [
      { DEFAULT_TZ: "Mars/Olympus" },
      'DEFAULT_TZ is malformed: expected an IANA time zone such as Asia/Seoul (got "Mars/Olympus")',
    ],
    [{ PORT: "eighty" }, 'PORT is malformed: expected a whole number from 1 to 65535 (got "eighty")'],
    [{ PORT: "70000" }, 'PORT is malformed: expected a whole number from 1 to 65535 (got "70000")'],
    [{ ALERT_BURST_LIMIT: "0" }, 'ALERT_BURST_LIMIT is malformed: expected a whole number from 1 to 1000 (got "0")'],
    [{ DIGEST_CATCHUP: "maybe" }, 'DIGEST_CATCHUP is malformed: expected true or false (got "maybe")'],
    [
      { ADMIN_CHANNEL: "#general" },
      'ADMIN_CHANNEL is malformed: expected a channel key such as slack:C0123ABCD or discord:123456789012345678 (got "#general")',
    ],
    [{ SLACK_API_URL: "not a url", ...slack }, 'SLACK_API_URL is malformed: expected an http(s) URL (got "not a url")'],
    [
      { ...discord, DISCORD_APPLICATION_ID: "abc" },
      'DISCORD_APPLICATION_ID is malformed: expected a numeric Discord id (got "abc")',
    ],
  ])("%j stops with one clear line", (env, line) => {
    const message = errorOf(env as Record<string, string>);
    expect(message).toBe(line);
    expect(message).not.toContain("\n");
  });

  it("never repeats a secret's value in its error", () => {
    const message = errorOf({ ...slack, SLACK_APP_TOKEN: "not-an-app-token-SECRET" });
    expect(message).toMatch(/^SLACK_APP_TOKEN is malformed/);
    expect(message).not.toContain("SECRET");
    expect(errorOf({ DATABASE_URL: "mysql://u:hunter2@h/db" })).not.toContain("hunter2");
  });

  it(".env.example documents every variable the configuration reads", () => {
    const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    for (const name of CONFIG_VARS) expect(example).toMatch(new RegExp(`^#? ?${name}=`, "m"));
  });
});

describe("the logger never writes secrets", () => {
  const capture = () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, logger: createLogger({ destination, level: "info" }) };
  };

  it("redacts secret fields of the config and request headers", () => {
    const { lines, logger } = capture();
    const config = loadConfig({
      ...slack,
      OPENAI_API_KEY: "sk-abcdefghijkl",
      DATABASE_URL: "postgres://u:hunter2@h/db",
    });
    logger.info({ config, req: { headers: { authorization: "Bearer sk-zzzzzzzzzzzz" } } }, "started");
    const out = lines.join("");
    for (const secret of ["xoxb-111-222-abc", "s3cr3t-signing", "sk-abcdefghijkl", "hunter2", "sk-zzzzzzzzzzzz"])
      expect(out).not.toContain(secret);
    expect(out).toContain("[Redacted]");
    expect(out).toContain("started");
  });

  it("scrubs tokens out of error messages and stacks", () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error("auth failed for xoxb-999-888-secret at postgres://me:pw123@db/x") }, "boom");
    const out = lines.join("");
    expect(out).not.toContain("xoxb-999-888-secret");
    expect(out).not.toContain("pw123");
    expect(scrubSecrets("key sk-abcdefghijklmnop used")).toBe("key [Redacted] used");
  });
});
