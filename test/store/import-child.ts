/**
 * Child process for the SQLite concurrency tests: imports files into one store file and prints the result.
 * One file: applied on its own, its summary printed. Several: one run of `importFiles` through the writer
 * thread (each file planned ahead of the one before's commit), its outcomes printed.
 */
import { applyImport } from "../../src/import/apply.js";
import { importFiles } from "../../src/import/import-files.js";
import { parseImportFile } from "../../src/import/parse.js";
import { openStore } from "../../src/store/db.js";

const [dbPath, ...files] = process.argv.slice(2);
const [file] = files;
if (!dbPath || !file) throw new Error("usage: import-child DB FILE...");
const store = await openStore({ dbPath });
try {
  if (files.length > 1) {
    process.stdout.write(JSON.stringify(await importFiles(store, files, { writerThread: true })));
  } else {
    const parsed = await parseImportFile(file, { store });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    process.stdout.write(JSON.stringify(await applyImport(store, parsed.data)));
  }
} finally {
  await store.close();
}
