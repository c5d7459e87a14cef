// Whether dist/ holds a build of the CLI newer than every source file (`npm run build` writes it).
import { readdirSync, statSync } from "node:fs";

const SOURCES = ["src", "commands"];

/** `root`: the project directory, ending in a slash. */
export function builtIsCurrent(root) {
  let builtAt;
  try {
    builtAt = statSync(`${root}dist/src/cli.js`).mtimeMs;
  } catch {
    return false;
  }
  for (const dir of SOURCES)
    for (const file of readdirSync(`${root}${dir}`, { recursive: true }))
      if (file.endsWith(".ts") && statSync(`${root}${dir}/${file}`).mtimeMs > builtAt) return false;
  return true;
}
