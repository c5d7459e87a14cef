/**
 * The template engine behind every briefing. Wording lives in `templates/{ko,en}/*.liquid`; code
 * supplies data and the formatting filters below, the only logic templates call.
 *
 * A template renders the small line format of message-lines.ts; LiquidJS parses each file once and
 * caches it. Every `{{ output }}` is escaped into literal neutral text unless a filter returned `Markup`
 * (links, bold, citations), so data can never inject markup, links or new lines.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Context,
  type Emitter,
  evalQuotedToken,
  Hash,
  Liquid,
  LookupType,
  type Parser,
  Tag,
  type TagToken,
  type Template,
  type TopLevelToken,
  TypeGuards,
} from "liquidjs";
import { type DateStyle, formatDate, formatDateRange } from "../domain/dates.js";
import type { FxTable } from "../domain/fx.js";
import { type ParticlePair, withParticle } from "../domain/korean.js";
import { formatMoney, formatUsd, groupDigits, koreanNumber } from "../domain/money.js";
import type { Amount, Lang } from "../domain/types.js";
import { PACKAGE_ROOT } from "../package-root.js";
import type { NeutralMessage } from "./message.js";
import { parseMessageLines } from "./message-lines.js";
import { escapeInline, linkInline } from "./sanitize.js";

export { parseMessageLines };

export type NameLookup = (id: string) => { en: string; ko: string };

/** What filters need to format in a language: company names and FX for conversions. */
export interface FormatContext {
  lang: Lang;
  names: NameLookup;
  fx?: FxTable;
  /** Today (YYYY-MM-DD): short dates of another year print their year. */
  today?: string;
}

/** Text already in neutral markup, passed through unescaped. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const TEMPLATE_ROOT = `${join(PACKAGE_ROOT, "templates")}/`;
type Words = Record<string, Record<string, string>>;
const wordsCache = new Map<Lang, Words>();

/** Status, kind and group words of a language (`templates/{lang}/words.json`). */
export function words(lang: Lang): Words {
  let w = wordsCache.get(lang);
  if (!w) {
    w = JSON.parse(readFileSync(`${TEMPLATE_ROOT}${lang}/words.json`, "utf8")) as Words;
    wordsCache.set(lang, w);
  }
  return w;
}

type RenderState = FormatContext & { memo: Map<string, string> };

/**
 * The format context of the render in progress. Rendering is synchronous, so filters read it here
 * instead of looking a global up through the template scope on every call.
 */
let current: RenderState | null = null;

function fmtOf(): RenderState {
  if (!current) throw new Error("template rendered without a format context");
  return current;
}

/** Dates recur across every briefing; a formatted date depends only on its key. */
const dateCache = new Map<string, string>();
function cachedDate(day: string, lang: Lang, style: DateStyle): string {
  const key = `${lang}|${style}|${day}`;
  let v = dateCache.get(key);
  if (v === undefined) {
    v = formatDate(day, lang, style);
    if (dateCache.size >= 4096) dateCache.clear();
    dateCache.set(key, v);
  }
  return v;
}

/** Formatting is pure, and one message repeats the same dates and amounts: compute each once per render. */
function memo(fmt: RenderState, key: string, compute: () => string): string {
  let v = fmt.memo.get(key);
  if (v === undefined) {
    v = compute();
    fmt.memo.set(key, v);
  }
  return v;
}

/** A company's name; looked up once per render, since a digest names the same companies many times. */
function companyName(fmt: RenderState, id: unknown): string {
  if (typeof id !== "string" || id === "") return words(fmt.lang).misc?.undisclosed_investors ?? "—";
  return memo(fmt, `n|${id}`, () => {
    const n = fmt.names(id);
    return fmt.lang === "ko" ? n.ko : n.en;
  });
}

function dateStyle(fmt: FormatContext, iso: string, style: string | undefined): DateStyle {
  if (style === "short" || style === "weekday") return style;
  if (style === "auto") return fmt.today && fmt.today.slice(0, 4) !== iso.slice(0, 4) ? "long" : "short";
  return "long";
}

const engine = new Liquid({
  root: TEMPLATE_ROOT,
  extname: ".liquid",
  cache: true,
  strictFilters: true,
  outputEscape: (value: unknown) => (value instanceof Markup ? value.text : escapeInline(String(value ?? ""))),
});

/**
 * `{% render "ko/_item", it: it %}` with the partial parsed once, when the including template is
 * parsed. The built-in tag looks the file up through the loader and cache on every call, which
 * in a digest means once or twice per item. Only a quoted file name and `key: value` arguments.
 */
class PreparsedRender extends Tag {
  private readonly templates: Template[];
  private readonly args: Hash;
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, _parser: Parser) {
    super(token, remain, liquid);
    const file = this.tokenizer.readValue();
    if (!file || !TypeGuards.isQuotedToken(file))
      throw new Error(`render: a quoted file name is required (${token.getText()})`);
    this.templates = liquid.parseFileSync(evalQuotedToken(file), LookupType.Partials);
    this.args = new Hash(this.tokenizer, liquid.options.keyValueSeparator);
  }
  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const child = ctx.spawn();
    Object.assign(child.bottom(), yield this.args.render(ctx));
    yield this.liquid.renderer.renderTemplates(this.templates, child, emitter);
  }
}
engine.registerTag("render", PreparsedRender);

engine.registerFilter("name", (id: unknown) => companyName(fmtOf(), id));
const PARTICLE_PAIRS: readonly ParticlePair[] = ["은/는", "이/가", "을/를", "과/와", "으로/로"];
engine.registerFilter("josa", (text: unknown, pair: string) => {
  const p = PARTICLE_PAIRS.find((x) => x === pair);
  if (!p) throw new Error(`josa: unknown particle pair ${pair}`);
  const s = String(text ?? "");
  const fmt = fmtOf();
  return fmt.lang === "ko" ? memo(fmt, `j|${p}|${s}`, () => withParticle(s, p)) : s;
});
engine.registerFilter("money", (amount: unknown, on?: string, style?: string) => {
  const fmt = fmtOf();
  const a = (amount as Amount | null) ?? null;
  const key = `m|${a ? `${a.value}|${a.max}|${a.currency}|${a.qualifier}` : "-"}|${on}|${style}`;
  return memo(fmt, key, () =>
    formatMoney(a, fmt.lang, { fx: fmt.fx, on: on || undefined, style: style === "short" ? "short" : "long" }),
  );
});
engine.registerFilter("usd", (usd: unknown, style?: string) => {
  const fmt = fmtOf();
  return formatUsd(Number(usd), fmt.lang, { fx: fmt.fx, style: style === "short" ? "short" : "long" });
});
/** Styles `long`, `short`, `weekday`; `auto` is short within today's year, long otherwise. */
engine.registerFilter("date", (iso: unknown, style?: string) => {
  const fmt = fmtOf();
  const day = String(iso);
  const st = dateStyle(fmt, day, style);
  return cachedDate(day, fmt.lang, st);
});
/** `{{ window.since | date_range: window.until }}`: `2026년 11월 23~24일` / `Nov 23–24, 2026`. */
engine.registerFilter("date_range", (since: unknown, until: unknown) =>
  formatDateRange(String(since), String(until), fmtOf().lang),
);
engine.registerFilter(
  "word",
  (key: unknown, table: string) => words(fmtOf().lang)[table]?.[String(key)] ?? String(key),
);
/** A share count: `1억 6,000만 주` / `160M shares`. */
engine.registerFilter("shares", (n: unknown) => {
  const v = Number(n);
  if (fmtOf().lang === "ko") return `${koreanNumber(v)} 주`;
  const [unit, suffix] = v >= 1e9 ? [1e9, "B"] : v >= 1e6 ? [1e6, "M"] : [1, ""];
  return `${Number((v / unit).toFixed(1)).toLocaleString("en-US")}${suffix} shares`;
});
/** A count with thousands separators, as both languages write it: `214,083,471`. */
engine.registerFilter("count", (n: unknown) => groupDigits(Number(n)));
engine.registerFilter("percent", (share: unknown) => `${Math.round(Number(share) * 1000) / 10}%`);
/** Company ids of a loop as `A → B → C → A`. */
engine.registerFilter("loop", (path: unknown) => {
  const fmt = fmtOf();
  const ids = Array.isArray(path) ? (path as string[]) : [];
  return [...ids, ids[0]].map((id) => companyName(fmt, id)).join(" → ");
});
/** English possessive: `Nvidia's`, `Cerebras'`. */
engine.registerFilter("possessive", (name: unknown) => {
  const s = String(name ?? "");
  return /s$/i.test(s) ? `${s}'` : `${s}'s`;
});
/** Upper-cases the first letter of template output captured earlier (already neutral markup). */
engine.registerFilter("capitalize_first", (text: unknown) => {
  const s = String(text ?? "");
  return new Markup(s.charAt(0).toUpperCase() + s.slice(1));
});
/**
 * A source as `(Feb 4, [Bloomberg](url))`; several sources joined with `·`. The date is left out when it
 * is `shownDate`, the one the line already leads with.
 */
engine.registerFilter("cite", (source: unknown, shownDate?: unknown) => {
  const fmt = fmtOf();
  const lang = fmt.lang;
  const list = (Array.isArray(source) ? source : [source]).filter(Boolean) as SourceView[];
  if (list.length === 0) return new Markup("");
  const first = list[0] as SourceView;
  const day = first.date === shownDate ? undefined : first.date;
  const st = day ? dateStyle(fmt, day, "auto") : "short";
  const date = day ? `${cachedDate(day, lang, st)}, ` : "";
  const known = words(lang).publisher ?? {};
  const pubs = list.map((s) => linkInline(known[s.publisher] ?? s.publisher, s.url)).join(" · ");
  return new Markup(`(${date}${pubs})`);
});

/** `Sources: CNBC · Bloomberg`: publishers in the language's names, linked where a URL is known. */
engine.registerFilter("publishers", (sources: unknown) => {
  const known = words(fmtOf().lang).publisher ?? {};
  const list = (Array.isArray(sources) ? sources : []) as SourceView[];
  return new Markup(list.map((s) => linkInline(known[s.publisher] ?? s.publisher, s.url)).join(" · "));
});

export interface SourceView {
  publisher: string;
  url?: string;
  date?: string;
}

/** Renders `templates/{lang}/{kind}.liquid` with `data` and parses it into a message. */
export function renderTemplate(kind: string, fmt: FormatContext, data: Record<string, unknown>): NeutralMessage {
  const file = `${fmt.lang}/${kind}`;
  const scope = { ...data, lang: fmt.lang };
  const outer = current;
  current = { ...fmt, memo: new Map() };
  try {
    return parseMessageLines(String(engine.renderFileSync(file, scope)));
  } finally {
    current = outer;
  }
}
