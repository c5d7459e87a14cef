/** Import of deal data: parse and validate a file, then apply it to the store. */
export { applyImport } from "./apply.js";
export { type FileOutcome, importFiles } from "./import-files.js";
export { detectFormat, type ImportFormat, type ParseFileOptions, parseImportFile, parseImportText } from "./parse.js";
export type { ImportData, ImportSummary, ParseResult } from "./types.js";
export { IMPLAUSIBLE_USD } from "./validate.js";
