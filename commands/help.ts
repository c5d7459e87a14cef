import { z } from "zod";
import { escapeInline } from "../src/briefing/sanitize.js";
import { type CommandDefinition, defineCommand } from "../src/platforms/command.js";
import { usageLine } from "../src/platforms/command-text.js";
import { langOption } from "./shared/options.js";

/** `/help`: every command with its usage, in the asker's language. Built from the list it is given. */
export function helpCommand(list: () => readonly CommandDefinition[]) {
  return defineCommand({
    name: "help",
    nameKo: "도움말",
    description: { en: "What this bot can do", ko: "명령어 안내" },
    options: [langOption],
    schema: z.object({}),
    requiresChannelManager: false,
    ephemeral: true,
    handler: async (_args, ctx) => {
      const lang = ctx.lang;
      const items = list().map((c) => `\`${escapeInline(usageLine(c))}\` — ${escapeInline(c.description[lang])}`);
      const title = lang === "ko" ? "AI 딜 브리핑 봇 명령어" : "AI deal briefing commands";
      const note =
        lang === "ko"
          ? "회사 이름은 한글·영문·별칭 모두 됩니다(예: 엔비디아, NVDA). 옵션은 `이름:값`으로 쓰거나, 회사 이름 뒤에 값만 순서와 상관없이 써도 됩니다(예: /subscribe 엔비디아 10억 달러 loops, /digest 09:00 mon). /subscribe, /unsubscribe, /digest는 채널 관리자만 쓸 수 있습니다."
          : "Company names work in English, Korean or by alias (Nvidia, 엔비디아, NVDA). Options are `name:value`, or just the values after the company, in any order (/subscribe nvidia $1B loops, /digest 09:00 mon). /subscribe, /unsubscribe and /digest need channel-manager rights.";
      return {
        summary: title,
        blocks: [
          { type: "header", text: title },
          { type: "list", items },
          { type: "context", text: escapeInline(note) },
        ],
        ephemeral: true,
      };
    },
  });
}
