#!/usr/bin/env -S node --max-semi-space-size=64
// Runs the TypeScript CLI directly through tsx, so `npx dealgraph` works without a build step.
// The flag above gives V8 a 64 MB young generation: a large import allocates fast and keeps each file's
// records until they are written, and the default 16 MB made it copy them over and over (about a tenth
// of an import's time). bench/sections/core.ts reads the flags from this line, so it measures the same.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
