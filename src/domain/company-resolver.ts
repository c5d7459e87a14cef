import { disassemble } from "es-hangul";
import { distance } from "fastest-levenshtein";
import type { Company, Lang } from "./types.js";

export type Resolution = { ok: true; company: Company } | { ok: false; suggestions: Company[] };

/**
 * The key a name is matched by: NFKC, lower case, without spaces and punctuation, so
 * `Open AI`, `openai`, `OPEN-AI` and `오픈 AI` meet (`오픈AI` → `오픈ai`).
 */
export function companyKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** Hangul split into letters so a one-letter slip (엔비디어) counts as one edit, not a whole syllable. */
const fuzzyForm = (key: string) => disassemble(key);

interface Entry {
  key: string;
  fuzzy: string;
  company: Company;
}

/** Resolves user-typed company names through ids, names and aliases in either language. */
export class CompanyResolver {
  private readonly byKey = new Map<string, Company>();
  private readonly byId = new Map<string, Company>();
  private readonly entries: Entry[] = [];

  constructor(companies: readonly Company[]) {
    for (const c of companies) this.byId.set(c.id, c);
    // ids and names first so an alias can never take over another company's own name
    const passes: ((c: Company) => string[])[] = [(c) => [c.id], (c) => [c.name.en, c.name.ko], (c) => c.aliases];
    for (const names of passes) {
      for (const c of companies) {
        for (const n of names(c)) {
          const key = companyKey(n);
          if (!key || this.byKey.has(key)) continue;
          this.byKey.set(key, c);
          this.entries.push({ key, fuzzy: fuzzyForm(key), company: c });
        }
      }
    }
  }

  get(id: string): Company | undefined {
    return this.byId.get(id);
  }

  all(): Company[] {
    return [...this.byId.values()];
  }

  /** The company `text` names exactly (by id, name or alias), without looking for close matches. */
  find(text: string): Company | undefined {
    const key = companyKey(text);
    return key ? this.byKey.get(key) : undefined;
  }

  /** The company `text` names, or up to three close matches ("did you mean") when none does. */
  resolve(text: string): Resolution {
    const hit = this.find(text);
    if (hit) return { ok: true, company: hit };
    const key = companyKey(text);
    return { ok: false, suggestions: key ? this.closest(key, 3) : [] };
  }

  /** Display name in the language, falling back to English, then the id. */
  name(id: string, lang: Lang): string {
    const c = this.byId.get(id);
    if (!c) return id;
    return c.name[lang] || c.name.en || id;
  }

  /** Autocomplete: companies whose name or alias starts with (then contains) `prefix`, in either language. */
  search(prefix: string, limit = 25): Company[] {
    const key = companyKey(prefix);
    if (!key) return this.all().slice(0, limit);
    const ranked = new Map<string, { company: Company; rank: number }>();
    for (const e of this.entries) {
      const rank = e.key.startsWith(key) ? 0 : e.key.includes(key) ? 1 : -1;
      if (rank < 0) continue;
      const prev = ranked.get(e.company.id);
      if (!prev || rank < prev.rank) ranked.set(e.company.id, { company: e.company, rank });
    }
    const found = [...ranked.values()].sort(
      (a, b) => a.rank - b.rank || a.company.name.en.localeCompare(b.company.name.en),
    );
    const out = found.map((f) => f.company);
    if (out.length < limit) for (const c of this.closest(key, limit)) if (!out.includes(c)) out.push(c);
    return out.slice(0, limit);
  }

  private closest(key: string, limit: number): Company[] {
    const fuzzy = fuzzyForm(key);
    const best = new Map<string, { company: Company; score: number }>();
    for (const e of this.entries) {
      let score: number;
      if (e.key.startsWith(key) || key.startsWith(e.key)) score = 0;
      else if (e.key.includes(key) || key.includes(e.key)) score = 0.5;
      else {
        const d = distance(fuzzy, e.fuzzy);
        const allowed = Math.max(2, Math.ceil(Math.min(fuzzy.length, e.fuzzy.length) * 0.4));
        if (d > allowed) continue;
        score = 1 + d / Math.max(fuzzy.length, e.fuzzy.length);
      }
      // very short keys ("a") match everything by prefix; require two characters for that
      if (score < 1 && Math.min(key.length, e.key.length) < 2) continue;
      const prev = best.get(e.company.id);
      if (!prev || score < prev.score) best.set(e.company.id, { company: e.company, score });
    }
    return [...best.values()]
      .sort((a, b) => a.score - b.score)
      .slice(0, limit)
      .map((b) => b.company);
  }
}
