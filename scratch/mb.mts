import { readFileSync } from "node:fs";
import v8 from "node:v8";
import { checkedObservation } from "../dist/src/import/checked-observation.js";
import { dealRowFromObservation } from "../dist/src/store/deal-repository.js";
const lines = readFileSync("/tmp/dg1m/observations-000.ndjson", "utf8").split("\n").filter(Boolean);
const obs = lines.map((l) => checkedObservation(JSON.parse(l))!);
const rows = obs.map((o) => dealRowFromObservation(o, o.observed_on, 0));
const vals = (r: any) => [r.kind, r.from_id, r.to_id, r.amount_value, r.amount_currency, r.amount_qualifier, r.amount_max, r.status, r.round_id, r.terms, r.title_en, r.title_ko];
function build(d: string, on: string, v: any[], pub: string | null, url: string | null, lang: string | null): string {
  const o: any = { deal: d, observed_on: on, kind: v[0], from: v[1], to: v[2], amount: v[3] === null ? null : v[6] === null ? { value: v[3], currency: v[4], qualifier: v[5] } : { value: v[3], currency: v[4], qualifier: v[5], max: v[6] }, status: v[7] };
  if (v[8] !== null) o.round = v[8];
  if (v[9] !== null) o.terms = JSON.parse(v[9]);
  if (v[10] !== null || v[11] !== null) { o.title = {}; if (v[10] !== null) o.title.en = v[10]; if (v[11] !== null) o.title.ko = v[11]; }
  if (pub !== null) { o.source = { publisher: pub }; if (url) o.source.url = url; if (lang) o.source.lang = lang; }
  return JSON.stringify(o);
}
for (let r = 0; r < 4; r++) {
  let t = performance.now();
  const bodies = obs.map((o) => JSON.stringify(o));
  const tS = performance.now() - t;
  t = performance.now();
  const arrs = rows.map(vals);
  const tA = performance.now() - t;
  t = performance.now();
  const sb = v8.serialize(bodies.flatMap((b, i) => [obs[i]!.deal, obs[i]!.observed_on, null, b, "CNBC", "", ""]));
  const tSB = performance.now() - t;
  t = performance.now();
  const sa = v8.serialize(arrs.flatMap((a, i) => [obs[i]!.deal, obs[i]!.observed_on, null, a, "CNBC", "", ""]));
  const tSA = performance.now() - t;
  t = performance.now(); v8.deserialize(sb); const tDB = performance.now() - t;
  t = performance.now(); const back = v8.deserialize(sa); const tDA = performance.now() - t;
  t = performance.now();
  let same = 0;
  for (let i = 0; i < obs.length; i++) { const o = obs[i]!; const b = build(o.deal, o.observed_on, arrs[i]!, o.source?.publisher ?? null, o.source?.url ?? "", o.source?.lang ?? ""); if (b === bodies[i]) same++; }
  const tB = performance.now() - t;
  console.log(`stringify ${tS.toFixed(0)} arrays ${tA.toFixed(0)} ser bodies ${tSB.toFixed(0)} (${sb.length}) ser arrays ${tSA.toFixed(0)} (${sa.length}) deser ${tDB.toFixed(0)} / ${tDA.toFixed(0)} build ${tB.toFixed(0)} same ${same}/${obs.length}`);
}
