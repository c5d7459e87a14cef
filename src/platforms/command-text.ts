/**
 * The text form of a slash command, as Slack and the console receive it:
 * `/funding OpenAI since:2025-01-01 lang:ko`. The first words are the first option (a company
 * name may have spaces or be Korean); then `name:value` pairs as Discord displays them. Values may
 * be quoted (`kinds:"new, loops"`); a bare word after a pair continues its value (`min_amount:10억 달러`).
 * Values may also be typed bare after the first option (`/subscribe 엔비디아 10억 달러 loops`); the
 * command's option types sort them out (`withBareValues`).
 */
import type { CommandDefinition, CommandOption, Localized } from "./command.js";

export type TextParse =
  | { ok: true; command: CommandDefinition; raw: Record<string, string> }
  | { ok: false; command?: CommandDefinition; error: Localized; usage: string };

interface Token {
  text: string;
  quoted: boolean;
}

/** Splits on whitespace, keeping "double", “curly” or 'single' quoted runs (also inside `name:"a b"`) together. */
export function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let buf = "";
  let quoted = false;
  let quote: string | null = null;
  let inToken = false;
  const closing: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’" };
  for (const ch of input) {
    if (quote) {
      if (ch === closing[quote]) quote = null;
      else buf += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inToken) out.push({ text: buf, quoted });
      buf = "";
      quoted = false;
      inToken = false;
      continue;
    }
    inToken = true;
    if (ch in closing && (buf === "" || buf.endsWith(":"))) {
      quote = ch;
      // a wholly quoted word is literal text, never a `name:value` pair
      if (buf === "") quoted = true;
      continue;
    }
    buf += ch;
  }
  if (inToken) out.push({ text: buf, quoted });
  return out;
}

const PAIR = /^([\p{L}_][\p{L}\p{N}_]*):(.*)$/su;

function findOption(def: CommandDefinition, name: string): CommandOption | undefined {
  const n = name.toLowerCase();
  return def.options.find((o) => o.name === n || o.nameKo === name);
}

/** Finds a command by its name or Korean name; `/` optional. */
export function findCommand(commands: readonly CommandDefinition[], name: string): CommandDefinition | undefined {
  const n = name.replace(/^\//, "").toLowerCase();
  return commands.find((c) => c.name === n || c.nameKo === n);
}

/** `/funding <company> [since:YYYY-MM-DD] [status:…] [lang:ko|en]` */
export function usageLine(def: CommandDefinition): string {
  const parts = def.options.map((o, i) => {
    const shape =
      o.placeholder ??
      (o.type === "choice" && o.choices
        ? o.choices.map((c) => c.value).join("|")
        : o.type === "date"
          ? "YYYY-MM-DD"
          : o.type === "money"
            ? "$1B"
            : o.type === "integer"
              ? o.min !== undefined && o.max !== undefined
                ? `${o.min}-${o.max}`
                : "N"
              : o.name);
    // the first option may be typed bare; usage shows it bare only where that reads naturally
    const bare = i === 0 && (o.type === "company" || o.type === "string");
    const text = bare ? `<${o.placeholder ?? o.name}>` : `${o.name}:${shape}`;
    return o.required ? text : `[${text}]`;
  });
  return [`/${def.name}`, ...parts].join(" ");
}

/** Parses the words after the command name against its options. */
export function parseCommandArgs(def: CommandDefinition, text: string): TextParse {
  const fail = (error: Localized): TextParse => ({ ok: false, command: def, error, usage: usageLine(def) });
  const raw: Record<string, string> = {};
  const positional: string[] = [];
  let last: string | null = null;
  for (const tok of tokenize(text)) {
    const m = tok.quoted ? null : PAIR.exec(tok.text);
    if (m) {
      const name = m[1] ?? "";
      const value = (m[2] ?? "").trim();
      const opt = findOption(def, name);
      // Some values hold a colon themselves (`kinds:new exposure:$5B`, or bare: `exposure:$5B`).
      if (!opt && def.options.some((o) => o.accepts?.(tok.text))) {
        if (last !== null) raw[last] = `${raw[last]} ${tok.text}`;
        else positional.push(tok.text);
        continue;
      }
      if (!opt) {
        return fail({
          en: `\`/${def.name}\` has no option \`${name}\`.`,
          ko: `\`/${def.name}\` 명령에는 \`${name}\` 옵션이 없습니다.`,
        });
      }
      if (!value) return fail({ en: `\`${name}:\` needs a value.`, ko: `\`${name}:\` 뒤에 값을 넣어 주세요.` });
      if (opt.name in raw) {
        return fail({ en: `\`${opt.name}\` is given twice.`, ko: `\`${opt.name}\` 옵션이 두 번 들어 있습니다.` });
      }
      raw[opt.name] = value;
      last = opt.name;
      continue;
    }
    if (last !== null) raw[last] = `${raw[last]} ${tok.text}`;
    else positional.push(tok.text);
  }
  if (positional.length > 0) {
    const first = def.options[0];
    if (!first) {
      return fail({ en: `\`/${def.name}\` takes no arguments.`, ko: `\`/${def.name}\` 명령은 인자를 받지 않습니다.` });
    }
    if (first.name in raw) {
      return fail({ en: `\`${first.name}\` is given twice.`, ko: `\`${first.name}\` 옵션이 두 번 들어 있습니다.` });
    }
    raw[first.name] = positional.join(" ");
  }
  return { ok: true, command: def, raw };
}

/** Parses a whole line: `/funding OpenAI since:2025-01-01`. */
export function parseCommandText(commands: readonly CommandDefinition[], line: string): TextParse {
  const trimmed = line.trim();
  const m = /^\/?(\S+)\s*([\s\S]*)$/u.exec(trimmed);
  const name = m?.[1] ?? "";
  const def = findCommand(commands, name);
  if (!def) {
    return {
      ok: false,
      error: {
        en: `Unknown command \`/${name}\`. Try \`/help\`.`,
        ko: `\`/${name}\` 명령은 없습니다. \`/help\`로 목록을 확인하세요.`,
      },
      usage: "/help",
    };
  }
  return parseCommandArgs(def, m?.[2] ?? "");
}
