import { describe, expect, it } from "vitest";
import { IMPORT_MALLOC_TUNABLES, importEnv } from "../../src/cli/import-flags.js";

describe("the import's allocator settings", () => {
  it("are added to the environment the import's process starts with", () => {
    const env = importEnv({ PATH: "/usr/bin" });
    expect(env.GLIBC_TUNABLES).toBe("glibc.malloc.tcache_count=4096");
    expect(env.PATH).toBe("/usr/bin");
  });

  it("keep the tunables a user set already", () => {
    const env = importEnv({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" });
    expect(env.GLIBC_TUNABLES?.split(":")).toEqual([IMPORT_MALLOC_TUNABLES, "glibc.malloc.arena_max=2"]);
  });

  it("leave a cache size the user chose as it is", () => {
    const own = { GLIBC_TUNABLES: "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=16" };
    expect(importEnv(own)).toEqual(own);
  });

  it("do not change the environment they are given", () => {
    const given = { HOME: "/home/analyst" };
    importEnv(given);
    expect(given).toEqual({ HOME: "/home/analyst" });
  });
});
