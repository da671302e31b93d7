import { describe, expect, it } from "vitest";
import { readConfigEnv } from "./config-env.mjs";

describe("readConfigEnv", () => {
  it("reads vm/config.env's assignments, quotes removed, comments skipped", () => {
    const c = readConfigEnv();
    expect(Number(c.MEM_MB)).toBeGreaterThan(0);
    expect(Number(c.CHUNK_BYTES)).toBeGreaterThan(0);
    expect(c.CMDLINE).toMatch(/^console=\S+ .*[^"]$/);
    expect(Object.keys(c).every((k) => /^[A-Z_]+$/.test(k))).toBe(true);
  });
});
