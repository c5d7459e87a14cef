/** `dealgraph funding | exposure | cycles | deals`: the analytics, as JSON or as the briefing answers in plain text. */
import type { Command } from "commander";
import { z } from "zod";
import { cycles } from "../analytics/cycles.js";
import { exposure } from "../analytics/exposure.js";
import { funding } from "../analytics/funding.js";
import { recentDeals } from "../analytics/recent-deals.js";
import type { AnalyticsOptions } from "../analytics/types.js";
import { cyclesAnswer, dealsAnswer, exposureAnswer, fundingAnswer } from "../briefing/answers.js";
import { DEAL_KINDS, DEAL_STATUSES } from "../domain/types.js";
import { renderText } from "../platforms/text-renderer.js";
import {
  COMPANY_HELP,
  CommonOptions,
  guarded,
  help,
  oneOf,
  parseOptions,
  problem,
  type QuerySession,
  resolveCompany,
  THROUGH_HELP,
  wholeNumber,
  withCommonOptions,
  withGraph,
} from "./cli-env.js";

function analyticsOptions(o: CommonOptions): AnalyticsOptions {
  return {
    includeCancelled: o.includeCancelled ?? false,
    since: o.since ?? null,
    ...(o.maxLen ? { maxLen: o.maxLen } : {}),
  };
}

const FundingOptions = CommonOptions.extend({
  status: z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()))
    .pipe(
      z.array(
        z.enum(
          DEAL_STATUSES,
          problem(
            `--status에는 ${DEAL_STATUSES.join(", ")} 가운데 하나 이상을 쉼표로 이어 넣어 주세요.`,
            `--status must be one or more of ${DEAL_STATUSES.join(", ")}`,
          ),
        ),
      ),
    )
    .optional(),
});

export function fundingOutput(s: QuerySession, text: string, o: z.infer<typeof FundingOptions>, json: boolean): string {
  const company = resolveCompany(s.resolver, text, s.lang);
  const result = funding(s.graph, company.id, { ...analyticsOptions(o), statuses: o.status ?? null });
  return json ? JSON.stringify(result, null, 2) : renderText(fundingAnswer(result, s.answerContext));
}

/** Options of the commands that walk loops: `--exhaustive` lifts the walk's work limit. */
const LoopCliOptions = CommonOptions.extend({ exhaustive: z.boolean().optional() });
type LoopCliOptions = z.infer<typeof LoopCliOptions>;

const EXHAUSTIVE_HELP = () =>
  help(
    "count every loop, however long it takes (without it a search stops at its work limit, about a second)",
    "시간이 걸리더라도 고리를 모두 셉니다 (지정하지 않으면 1초 남짓의 탐색 한도에서 멈춥니다)",
  );

const unlimited = (o: LoopCliOptions) => (o.exhaustive ? { budget: Number.POSITIVE_INFINITY } : {});

export function exposureOutput(s: QuerySession, text: string, o: LoopCliOptions, json: boolean): string {
  const company = resolveCompany(s.resolver, text, s.lang);
  const result = exposure(s.graph, company.id, { ...analyticsOptions(o), ...unlimited(o) });
  return json ? JSON.stringify(result, null, 2) : renderText(exposureAnswer(result, s.answerContext));
}

export function cyclesOutput(s: QuerySession, text: string | undefined, o: LoopCliOptions, json: boolean): string {
  const company = text ? resolveCompany(s.resolver, text, s.lang) : undefined;
  const result = cycles(s.graph, {
    ...analyticsOptions(o),
    ...(company ? { company: company.id } : {}),
    ...unlimited(o),
  });
  return json ? JSON.stringify(result, null, 2) : renderText(cyclesAnswer(result, s.answerContext));
}

const DealsOptions = CommonOptions.extend({
  kind: oneOf("--kind", DEAL_KINDS).optional(),
  limit: wholeNumber("--limit", 1).optional(),
});

export function dealsOutput(
  s: QuerySession,
  text: string | undefined,
  o: z.infer<typeof DealsOptions>,
  json: boolean,
): string {
  const company = text ? resolveCompany(s.resolver, text, s.lang) : undefined;
  const recent = recentDeals(s.graph, {
    ...analyticsOptions(o),
    ...(company ? { company: company.id } : {}),
    ...(o.kind ? { kind: o.kind } : {}),
    limit: o.limit ?? 20,
  });
  if (json) {
    const { deals, total, latestBeforeSince } = recent;
    return JSON.stringify(
      { company: company?.id ?? null, total, deals, latest_before_since: latestBeforeSince },
      null,
      2,
    );
  }
  const message = dealsAnswer(
    {
      ...recent,
      company: company?.id ?? null,
      since: o.since ?? null,
      kind: o.kind ?? null,
      includeCancelled: o.includeCancelled ?? false,
    },
    s.answerContext,
  );
  return renderText(message);
}

function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Adds funding, exposure, cycles and deals to the CLI. */
export function registerQueryCommands(program: Command): void {
  withCommonOptions(
    program.command("funding").argument("<company...>", `${COMPANY_HELP()} (오픈AI, OpenAI, openai, Scale AI)`),
  )
    .description(
      help(
        "total funding a company received, by status and by investor",
        "기업이 유치한 투자 총액, 진행 상태별·투자자별",
      ),
    )
    .option(
      "--status <list>",
      help(
        "only these statuses, comma-separated (e.g. signed,completed)",
        "이 상태의 거래만, 쉼표로 구분 (예: signed,completed)",
      ),
    )
    .action(
      guarded(async (words: string[], raw: unknown) => {
        const name = words.join(" ");
        const o = parseOptions(FundingOptions, raw);
        print(await withGraph(o, (s) => fundingOutput(s, name, o, o.json ?? false)));
      }),
    );

  withCommonOptions(program.command("exposure").argument("<company...>", COMPANY_HELP()))
    .description(
      help(
        "a company's flows by counterparty, its loops, circular exposure and concentration",
        "기업의 거래 상대별 자금 흐름, 순환 고리, 순환 노출과 집중도",
      ),
    )
    .option("--exhaustive", EXHAUSTIVE_HELP())
    .action(
      guarded(async (words: string[], raw: unknown) => {
        const name = words.join(" ");
        const o = parseOptions(LoopCliOptions, raw);
        print(await withGraph(o, (s) => exposureOutput(s, name, o, o.json ?? false)));
      }),
    );

  withCommonOptions(program.command("cycles").argument("[company...]", THROUGH_HELP()))
    .description(help("circular deal loops, largest first", "순환 거래 고리, 금액이 큰 순서대로"))
    .option("--exhaustive", EXHAUSTIVE_HELP())
    .action(
      guarded(async (words: string[], raw: unknown) => {
        const name = words.join(" ") || undefined;
        const o = parseOptions(LoopCliOptions, raw);
        print(await withGraph(o, (s) => cyclesOutput(s, name, o, o.json ?? false)));
      }),
    );

  withCommonOptions(
    program
      .command("deals")
      .argument("[company...]", help("only deals involving this company", "이 기업이 관련된 거래만")),
  )
    .description(help("recent deals, newest first", "최근 거래, 최신순"))
    .option(
      "--kind <kind>",
      help(`only deals of this kind (${DEAL_KINDS.join(", ")})`, `이 종류의 거래만 (${DEAL_KINDS.join(", ")})`),
    )
    .option("--limit <n>", help("how many to list (default 20)", "보여 줄 개수 (기본값 20)"))
    .action(
      guarded(async (words: string[], raw: unknown) => {
        const name = words.join(" ") || undefined;
        const o = parseOptions(DealsOptions, raw);
        print(await withGraph(o, (s) => dealsOutput(s, name, o, o.json ?? false)));
      }),
    );
}
