/**
 * `dealgraph outbox`: what delivery holds. `--failed` lists parked messages (failed after the retry budget,
 * or paused because a channel became unreachable); `--retry [ID]` puts them back in the queue, where the
 * running bot sends them on its next poll.
 */
import type { Command } from "commander";
import { z } from "zod";
import { listOutbox, type OutboxRow, requeue } from "../delivery/outbox.js";
import { withParticle } from "../domain/korean.js";
import type { Lang } from "../domain/types.js";
import {
  CliUserError,
  CommonOptions,
  DB_HELP,
  guarded,
  help,
  JSON_HELP,
  LANG_HELP,
  langOf,
  openCliStore,
  parseOptions,
  printJson,
  problem,
} from "./cli-env.js";

const OutboxOptions = z.object({
  failed: z.boolean().optional(),
  retry: z
    .union(
      [z.literal(true), z.string().regex(/^\d+$/).transform(Number)],
      problem("--retry에는 발송함 메시지 번호를 넣어 주세요.", "--retry takes an outbox row number"),
    )
    .optional(),
  lang: CommonOptions.shape.lang,
  json: z.boolean().optional(),
  db: z.string().min(1).optional(),
});

const STATUS_KO: Record<string, string> = {
  pending: "대기",
  sending: "전송 중",
  sent: "전송 완료",
  failed: "실패",
  paused: "중단",
};

function parkedLine(r: OutboxRow, lang: Lang): string {
  const status = lang === "ko" ? STATUS_KO[r.status] : r.status;
  const attempts = lang === "ko" ? `시도 ${r.attempts}회` : `${r.attempts} attempt${r.attempts === 1 ? "" : "s"}`;
  return `#${r.id}  ${status}  ${r.channel}  ${r.key}  ${attempts}  ${r.createdAt.slice(0, 16).replace("T", " ")}\n    ${r.lastError ?? ""}`;
}

export function parkedText(rows: OutboxRow[], lang: Lang): string {
  if (rows.length === 0) return lang === "ko" ? "보관된 실패 메시지가 없습니다." : "No parked messages.";
  const head =
    lang === "ko"
      ? `보관된 메시지 ${rows.length}건 (\`dealgraph outbox --retry ID\`로 다시 보냅니다)`
      : `${rows.length} parked message${rows.length === 1 ? "" : "s"} (resend with \`dealgraph outbox --retry ID\`)`;
  return [head, ...rows.map((r) => parkedLine(r, lang))].join("\n");
}

export function summaryText(counts: Record<string, number>, lang: Lang): string {
  const order = ["pending", "sending", "sent", "failed", "paused"];
  if (lang === "ko") return `발송함: ${order.map((s) => `${STATUS_KO[s]} ${counts[s] ?? 0}건`).join(", ")}`;
  return `Outbox: ${order.map((s) => `${counts[s] ?? 0} ${s}`).join(", ")}`;
}

export function registerOutboxCommand(program: Command): void {
  program
    .command("outbox")
    .description(
      help(
        "delivery queue: counts, parked messages (--failed), resend (--retry [ID])",
        "발송 대기열: 건수, 보류된 메시지(--failed), 재발송(--retry [ID])",
      ),
    )
    .option(
      "--failed",
      help(
        "list messages parked after the retry budget or paused for lost channel access",
        "재시도 한도를 넘겨 보류됐거나 채널 접근을 잃어 멈춘 메시지 목록",
      ),
    )
    .option(
      "--retry [id]",
      help(
        "re-queue one parked message by number, or every failed one",
        "보류된 메시지 하나(번호로) 또는 실패한 메시지 전부를 다시 발송 대기열로",
      ),
    )
    .option("--lang <lang>", LANG_HELP())
    .option("--json", JSON_HELP())
    .option("--db <path>", DB_HELP())
    .action(
      guarded(async (raw: unknown) => {
        const o = parseOptions(OutboxOptions, raw);
        const lang = langOf(o);
        const store = await openCliStore(o);
        try {
          if (o.retry !== undefined) {
            const ids = await requeue(store.db, o.retry === true ? undefined : o.retry);
            if (o.json) return printJson({ requeued: ids });
            if (ids.length === 0) {
              if (o.retry !== true) {
                throw new CliUserError(
                  lang === "ko"
                    ? `${withParticle(`#${o.retry}`, "은/는")} 보관된 메시지가 아닙니다.`
                    : `#${o.retry} is not a parked message.`,
                );
              }
              process.stdout.write(
                `${lang === "ko" ? "다시 보낼 실패 메시지가 없습니다." : "No failed messages to resend."}\n`,
              );
              return;
            }
            const list = ids.map((id) => `#${id}`).join(", ");
            process.stdout.write(
              `${lang === "ko" ? `다시 대기열에 넣었습니다: ${list}. 실행 중인 봇이 곧 보냅니다.` : `Re-queued ${list}; the running bot sends them shortly.`}\n`,
            );
            return;
          }
          if (o.failed) {
            const rows = [
              ...(await listOutbox(store.db, { status: "failed" })),
              ...(await listOutbox(store.db, { status: "paused" })),
            ].sort((a, b) => a.id - b.id);
            if (o.json) return printJson(rows);
            process.stdout.write(`${parkedText(rows, lang)}\n`);
            return;
          }
          const counts = await store.db
            .selectFrom("outbox")
            .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
            .groupBy("status")
            .execute();
          const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
          if (o.json) return printJson(byStatus);
          process.stdout.write(`${summaryText(byStatus, lang)}\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
