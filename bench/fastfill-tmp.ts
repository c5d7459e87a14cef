// throwaway: fill a store directly (no importer) to profile the graph side at 1M
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { openStore, rawHandle } from "../src/store/db.js";
import { writeSynthetic } from "./synthetic.js";
const N = Number(process.argv[2]);
const dir = `/tmp/dealgraph-analytics-prof/f${N}`;
const { mkdirSync } = await import("node:fs"); mkdirSync(dir, { recursive: true });
const f = await writeSynthetic(dir, N);
const store = await openStore({ dbPath: `${dir}/s.db` });
const db = (rawHandle(store) as any).sqlite;
db.exec("begin");
const ic = db.prepare("insert into companies(id,name_en,name_ko,role,aliases) values (?,?,?,?,'[]')");
for await (const line of createInterface({ input: createReadStream(f.companiesFile) })) {
  const o = JSON.parse(line); if (o.type === "company") ic.run(o.id, o.name.en, o.name.ko, o.role);
  if (o.type === "fx") db.prepare("insert into fx_rates values ('KRW', ?, ?)").run(o.on, o.rate);
}
const idl = db.prepare(`insert into deals(id,kind,from_id,to_id,amount_value,amount_currency,amount_qualifier,status,observed_on,first_observed_on,updated_seq) values (?,?,?,?,?,?,?,?,?,?,?)
 on conflict(id) do update set status=excluded.status, amount_value=excluded.amount_value, observed_on=excluded.observed_on`);
const isrc = db.prepare("insert or ignore into deal_sources(deal_id,publisher,url,lang,date) values (?,?,'','',?)");
let seq = 0;
for (const file of f.observationFiles) for await (const line of createInterface({ input: createReadStream(file) })) {
  const o = JSON.parse(line);
  idl.run(o.deal, o.kind, o.from, o.to, o.amount?.value ?? null, o.amount?.currency ?? null, o.amount ? "exact" : null, o.status, o.observed_on, o.observed_on, ++seq);
  isrc.run(o.deal, o.source.publisher, o.observed_on);
}
db.exec("commit");
await store.close();
console.log("filled", seq);
