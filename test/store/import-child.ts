/** Child process for the SQLite concurrency tests: imports one file into one store file, prints the summary. */
import { applyImport } from "../../src/import/apply.js";
import { parseImportFile } from "../../src/import/parse.js";
import { openStore } from "../../src/store/db.js";

const [dbPath, file] = process.argv.slice(2);
if (!dbPath || !file) throw new Error("usage: import-child DB FILE");
const store = await openStore({ dbPath });
try {
  const parsed = await parseImportFile(file, { store });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  process.stdout.write(JSON.stringify(await applyImport(store, parsed.data)));
} finally {
  await store.close();
}
