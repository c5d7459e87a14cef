/** Companies and their look-up keys (id, names, aliases), normalised case-, space- and width-insensitively. */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Company } from "../domain/types.js";
import type { Dialect } from "./db.js";
import type { Database } from "./schema.js";
import type { CompaniesTable } from "./schema-core.js";

/** Printable ASCII without spaces: already in NFKC and free of whitespace (most ids and Latin names). */
const PLAIN = /^[\x21-\x7e]*$/;

/** The key a company name is looked up by: NFKC, lower-case, no whitespace. */
export function aliasKey(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase();
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/** Every key a company answers to; its id first so ids win over another company's alias. */
export function companyKeys(c: Company): string[] {
  return [...new Set([c.id, c.name.en, c.name.ko, ...c.aliases].map(aliasKey).filter((k) => k.length > 0))];
}

export function companyFromRow(r: CompaniesTable): Company {
  return { id: r.id, name: { en: r.name_en, ko: r.name_ko }, aliases: JSON.parse(r.aliases) as string[], role: r.role };
}

function companyRow(c: Company): CompaniesTable {
  return { id: c.id, name_en: c.name.en, name_ko: c.name.ko, role: c.role, aliases: JSON.stringify(c.aliases) };
}

/**
 * Inserts new companies and updates changed ones (names, role, aliases), keeping look-up keys in step.
 * Pass a transaction to make it part of a larger write. Unchanged companies are left alone.
 */
export async function upsertCompanies(
  db: Kysely<Database>,
  dialect: Dialect,
  companies: Company[],
): Promise<{ added: number; updated: number }> {
  if (companies.length === 0) return { added: 0, updated: 0 };
  const existing = new Map<string, CompaniesTable>();
  const ids = [...new Set(companies.map((c) => c.id))];
  for (const r of await db
    .selectFrom("companies")
    .selectAll()
    .where(inList(dialect, sql.ref("id"), ids))
    .execute())
    existing.set(r.id, r);
  let updated = 0;
  const touched: Company[] = [];
  const fresh = new Map<string, CompaniesTable>();
  for (const c of companies) {
    const row = companyRow(c);
    const old = existing.get(c.id) ?? fresh.get(c.id);
    if (!old) {
      fresh.set(c.id, row);
    } else if (
      old.name_en !== row.name_en ||
      old.name_ko !== row.name_ko ||
      old.role !== row.role ||
      old.aliases !== row.aliases
    ) {
      if (fresh.has(c.id)) {
        fresh.set(c.id, row); // defined twice in one batch: the later definition wins
        continue;
      }
      await db.updateTable("companies").set(row).where("id", "=", c.id).execute();
      await db.deleteFrom("company_aliases").where("company_id", "=", c.id).execute();
      existing.set(c.id, row);
      updated++;
    } else {
      continue;
    }
    if (!fresh.has(c.id)) touched.push(c);
  }
  const added = fresh.size;
  const freshRows = [...fresh.values()];
  await insertRows(
    db,
    dialect,
    "companies",
    ["id", "name_en", "name_ko", "role", "aliases"],
    byKey(freshRows, "id"),
    "",
  );
  touched.push(...freshRows.map(companyFromRow));
  // Ids first, then names and aliases: an alias never takes over another company's id.
  const keyRows = [
    ...touched.map((c) => ({ key: aliasKey(c.id), company_id: c.id })),
    ...touched.flatMap((c) => {
      const own = aliasKey(c.id);
      return companyKeys(c)
        .filter((key) => key !== own)
        .map((key) => ({ key, company_id: c.id }));
    }),
  ];
  await insertRows(
    db,
    dialect,
    "company_aliases",
    ["key", "company_id"],
    byKey(keyRows, "key"),
    "on conflict (key) do nothing",
  );
  return { added, updated };
}

/**
 * Rows in the order of their key, rows with equal keys kept in their order (the first one given wins a
 * conflict): inserted in key order, each B-tree page is written once instead of at random.
 */
function byKey<R extends Record<K, string>, K extends string>(rows: R[], key: K): R[] {
  return rows.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
}

/** `column` is one of `values`, given as one parameter however many there are. */
function inList(dialect: Dialect, column: RawBuilder<unknown>, values: string[]): RawBuilder<boolean> {
  return dialect === "sqlite"
    ? sql<boolean>`${column} in (select value from json_each(${JSON.stringify(values)}))`
    : sql<boolean>`${column} = any(${values}::text[])`;
}

/**
 * Inserts text rows in one statement whose rows travel as one parameter per dialect (a JSON array on
 * SQLite, one text array per column on PostgreSQL), in the order given: a large batch is one round
 * trip and one parse, not one statement per few hundred rows.
 */
async function insertRows<R extends Record<C, string>, C extends string>(
  db: Kysely<Database>,
  dialect: Dialect,
  table: string,
  columns: readonly C[],
  rows: readonly R[],
  onConflict: string,
): Promise<void> {
  if (rows.length === 0) return;
  const names = sql.join(columns.map((c) => sql.ref(c)));
  const select =
    dialect === "sqlite"
      ? sql`select ${sql.join(columns.map((_, i) => sql`json_extract(value, ${`$[${i}]`})`))} from json_each(${JSON.stringify(rows.map((r) => columns.map((c) => r[c])))}) where true`
      : sql`select * from unnest(${sql.join(columns.map((c) => sql`${rows.map((r) => r[c])}::text[]`))})`;
  await sql`insert into ${sql.table(table)} (${names}) ${select} ${sql.raw(onConflict)}`.execute(db);
}

export async function listCompanies(db: Kysely<Database>): Promise<Company[]> {
  const rows = await db.selectFrom("companies").selectAll().orderBy("id").execute();
  return rows.map(companyFromRow);
}

/**
 * Look-up key → company id for just `keys` (those the store knows): an import reads only the names it
 * uses. The keys go as one array parameter, however many there are.
 */
export async function companyIdsByKey(
  db: Kysely<Database>,
  dialect: Dialect,
  keys: Iterable<string>,
): Promise<Map<string, string>> {
  const list = [...new Set(keys)];
  if (list.length === 0) return new Map();
  const rows = await db
    .selectFrom("company_aliases")
    .select(["key", "company_id"])
    .where(inList(dialect, sql.ref("key"), list))
    .execute();
  return new Map(rows.map((r) => [r.key, r.company_id]));
}

/** The company a name, id or alias refers to, or null. */
export async function findCompany(db: Kysely<Database>, text: string): Promise<Company | null> {
  const row = await db
    .selectFrom("company_aliases")
    .innerJoin("companies", "companies.id", "company_aliases.company_id")
    .selectAll("companies")
    .where("company_aliases.key", "=", aliasKey(text))
    .executeTakeFirst();
  return row ? companyFromRow(row) : null;
}
