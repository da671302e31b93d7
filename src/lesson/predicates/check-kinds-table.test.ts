import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHECK_KINDS, checkKindsTable } from ".";

const readme = readFileSync(new URL("../../../tutorials/README.md", import.meta.url), "utf8");

describe("tutorials/README.md and the check kinds", () => {
  it("holds the table generated from the definitions (regenerate: npx tsx scripts/check-kinds-table.ts)", () => {
    expect(readme).toContain(checkKindsTable());
  });

  it("documents every kind in a section of its own", () => {
    for (const k of CHECK_KINDS) expect(readme, `a "### \`${k.key}\`" section in §4`).toMatch(new RegExp(`^### \`${k.key}\` — `, "m"));
  });

  it("lists each kind's main key among its keys", () => {
    for (const k of CHECK_KINDS) expect(k.keys).toContain(k.mainKey);
  });
});
