/**
 * Runs one command for any platform: resolves the answer's language, checks rights, converts the
 * options, calls the handler, and turns failures into answers — a UserError into a helpful reply in
 * the asker's language, anything else into a short apology with an error id (the error is logged).
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { NeutralMessage } from "../../src/briefing/message.js";
import { escapeInline } from "../../src/briefing/sanitize.js";
import { FxTable } from "../../src/domain/fx.js";
import { LANGS, type Lang } from "../../src/domain/types.js";
import type { CommandContext, CommandDefinition, Localized } from "../../src/platforms/command.js";
import { isUserError, UserError } from "../../src/platforms/command.js";
import { getChannel } from "../../src/store/channel-repository.js";
import { listFxRates } from "../../src/store/fx-repository.js";
import { convertArgs, type RawArgs, withBareValues } from "./options.js";

/** What the platforms share: everything a command context needs except the asker. */
export type CommandServices = Pick<CommandContext, "store" | "graph" | "resolver" | "config"> & {
  logger: Pick<Logger, "error" | "warn" | "info">;
  now?: () => Date;
  /** Brings the graph up to date before answering (when the platform wiring provides it). */
  refresh?: () => Promise<void>;
};

export interface Invocation {
  raw: RawArgs;
  channel: CommandContext["channel"];
  user: CommandContext["user"];
  /** The user's locale where the platform tells it (Discord `ko`, `en-US`). */
  userLocale?: string;
  /** Shown after a UserError so the asker sees the command's shape (text platforms). */
  usage?: string;
}

export interface CommandOutcome {
  message: NeutralMessage;
  lang: Lang;
  ephemeral: boolean;
  /** `ok`, `user_error`, `refused` or `internal_error` (with `errorId`). */
  status: "ok" | "user_error" | "refused" | "internal_error";
  errorId?: string;
}

function asLang(v: unknown): Lang | null {
  if (typeof v !== "string") return null;
  const s = v.trim().toLowerCase();
  if ((LANGS as readonly string[]).includes(s)) return s as Lang;
  if (s === "한국어" || s === "korean") return "ko";
  if (s === "영어" || s === "english") return "en";
  return null;
}

/** `ko`, `ko-KR` → ko; `en-US`, `en-GB` → en; anything else → null. */
export function langFromLocale(locale: string | undefined): Lang | null {
  if (!locale) return null;
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return base === "ko" ? "ko" : base === "en" ? "en" : null;
}

/** The `lang` option if given, else the channel's setting, else the user's locale, else DEFAULT_LANG. */
export async function resolveLang(inv: Invocation, svc: CommandServices): Promise<Lang> {
  const fromOption = asLang(inv.raw.lang);
  if (fromOption) return fromOption;
  const channel = await getChannel(svc.store.db, inv.channel.key).catch(() => null);
  const fromChannel = asLang(channel?.lang);
  if (fromChannel) return fromChannel;
  return langFromLocale(inv.userLocale) ?? svc.config.defaultLang;
}

export function textMessage(text: string, opts: { context?: string; ephemeral?: boolean } = {}): NeutralMessage {
  const blocks: NeutralMessage["blocks"] = [{ type: "section", text }];
  if (opts.context) blocks.push({ type: "context", text: opts.context });
  return { summary: text.replace(/\\(.)/g, "$1").replace(/\*\*/g, ""), blocks, ephemeral: opts.ephemeral ?? true };
}

export function userErrorMessage(err: UserError, lang: Lang, usage?: string): NeutralMessage {
  const lines = [err.text[lang]];
  if (err.suggestions.length > 0) {
    const names = err.suggestions.map((c) => `**${escapeInline(c.name[lang] || c.name.en)}**`).join(", ");
    lines.push(lang === "ko" ? `혹시 이 기업인가요? ${names}` : `Did you mean: ${names}?`);
  }
  const ctx = [err.hint?.[lang], usage ? (lang === "ko" ? `사용법: ${usage}` : `Usage: ${usage}`) : undefined]
    .filter(Boolean)
    .join(" · ");
  return textMessage(lines.join("\n"), ctx ? { context: escapeInline(ctx) } : {});
}

const REFUSED: Localized = {
  en: "Only channel managers can change this channel's alerts and digest.",
  ko: "채널 알림과 브리핑 설정은 채널 관리자만 바꿀 수 있습니다.",
};

const REFUSED_HINT: Record<CommandContext["channel"]["platform"], Localized> = {
  slack: {
    en: "Ask a workspace admin or owner, or a user listed in SLACK_ADMIN_USERS.",
    ko: "워크스페이스 관리자·소유자나 SLACK_ADMIN_USERS에 등록된 사용자에게 요청하세요.",
  },
  discord: {
    en: "It needs the Manage Channels permission.",
    ko: "채널 관리(Manage Channels) 권한이 필요합니다.",
  },
  console: { en: "", ko: "" },
};

export function newErrorId(): string {
  return randomBytes(4).toString("hex");
}

/** Runs `def` for one invocation; never throws. */
export async function runCommand(
  def: CommandDefinition,
  inv: Invocation,
  svc: CommandServices,
): Promise<CommandOutcome> {
  let lang = svc.config.defaultLang;
  const now = svc.now?.() ?? new Date();
  try {
    if (svc.refresh) {
      await svc
        .refresh()
        .catch((err) => svc.logger.warn({ err }, "graph refresh failed; answering from the last state"));
    }
    // Words typed bare may hold the `lang` option, so they are read before the language is.
    const bare = withBareValues(def, inv.raw, { resolver: svc.resolver, now, tz: svc.config.defaultTz });
    inv = { ...inv, raw: bare.raw };
    lang = await resolveLang(inv, svc);
    if (inv.raw.lang !== undefined && asLang(inv.raw.lang) === null) {
      throw new UserError({ en: "`lang` must be ko or en.", ko: "`lang`에는 ko 또는 en을 넣어 주세요." });
    }
    if (def.requiresChannelManager && !inv.user.isChannelManager) {
      const hint = REFUSED_HINT[inv.channel.platform];
      const message = textMessage(REFUSED[lang], hint[lang] ? { context: escapeInline(hint[lang]) } : {});
      return { message, lang, ephemeral: true, status: "refused" };
    }
    if (bare.problem) throw bare.problem;
    let fx: FxTable | null = null;
    const args = await convertArgs(def, inv.raw, {
      resolver: svc.resolver,
      lang,
      now,
      tz: svc.config.defaultTz,
      fx: async () => (fx ??= new FxTable(await listFxRates(svc.store.db))),
    });
    const ctx: CommandContext = {
      store: svc.store,
      graph: svc.graph,
      resolver: svc.resolver,
      lang,
      channel: inv.channel,
      user: inv.user,
      now,
      config: svc.config,
    };
    const message = await def.handler(args, ctx);
    return { message, lang, ephemeral: message.ephemeral ?? def.ephemeral ?? false, status: "ok" };
  } catch (err) {
    if (isUserError(err)) {
      return { message: userErrorMessage(err, lang, inv.usage), lang, ephemeral: true, status: "user_error" };
    }
    const errorId = newErrorId();
    svc.logger.error({ err, errorId, command: def.name, channel: inv.channel.key }, "command failed");
    const text =
      lang === "ko"
        ? `죄송합니다. 답변을 만드는 중 문제가 생겼습니다. (오류 ID: ${errorId})`
        : `Sorry, something went wrong while answering. (error id: ${errorId})`;
    return { message: textMessage(text), lang, ephemeral: true, status: "internal_error", errorId };
  }
}
