/**
 * Commander's own usage errors (a missing argument, an unknown option or command…) in Korean. Commander
 * writes them in English from fixed templates (commander 14, `lib/command.js`); the CLI test runs each
 * through the real parser, so a changed template shows there. A message that fits none is left as it is.
 */
import { withParticle } from "../domain/korean.js";

/** What the CLI's arguments are, as a Korean reader would call them. */
const ARGUMENT_NAMES: Record<string, string> = {
  company: "기업 이름(company)",
  files: "가져올 파일(files)",
};

/** `--lang <lang>` → `--lang`. */
const flagOf = (flags: string) => flags.split(/[ ,]/).find((f) => f.startsWith("--")) ?? flags;

/** Commander's "(Did you mean …?)" line, in Korean. */
function suggestion(text: string | undefined): string {
  if (!text) return "";
  if (text.startsWith("one of ")) return ` 혹시 ${text.slice("one of ".length)} 가운데 하나인가요?`;
  return ` 혹시 ${text}인가요?`;
}

const TEMPLATES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /^error: missing required argument '(.+)'$/,
    (m) => `${withParticle(ARGUMENT_NAMES[m[1] ?? ""] ?? `‘${m[1]}’`, "이/가")} 빠졌습니다.`,
  ],
  [/^error: option '(.+)' argument missing$/, (m) => `${flagOf(m[1] ?? "")} 옵션에 값이 빠졌습니다.`],
  [/^error: required option '(.+)' not specified$/, (m) => `${flagOf(m[1] ?? "")} 옵션을 꼭 넣어 주세요.`],
  [
    /^error: unknown option '(.+?)'(?:\n\(Did you mean (.+)\?\))?$/,
    (m) => `${withParticle(`‘${m[1]}’`, "은/는")} 없는 옵션입니다.${suggestion(m[2])}`,
  ],
  [
    /^error: unknown command '(.+?)'(?:\n\(Did you mean (.+)\?\))?$/,
    (m) => `${withParticle(`‘${m[1]}’`, "은/는")} 없는 명령입니다.${suggestion(m[2])}`,
  ],
  [
    /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (m) =>
      m[2] === "0"
        ? `${m[1] ? `${m[1]} 명령은 ` : ""}인자를 받지 않는데 ${m[3]}개가 들어왔습니다.`
        : `${m[1] ? `${m[1]} 명령에는 ` : ""}인자를 ${m[2]}개까지 쓸 수 있는데 ${m[3]}개가 들어왔습니다.`,
  ],
];

/** `message` (one commander error, without its trailing newline) in Korean, if it is one we know. */
export function commanderErrorKo(message: string): string {
  for (const [pattern, korean] of TEMPLATES) {
    const m = message.match(pattern);
    if (m) return korean(m);
  }
  return message;
}
