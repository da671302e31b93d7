// The VM build's inputs (vm/config.env, shell syntax: KEY=value or KEY="value") as a plain object, for the
// build's Node steps (manifest.mjs, snapshot.ts).
import { readFileSync } from "node:fs";

export function readConfigEnv() {
  return Object.fromEntries(
    readFileSync(new URL("./config.env", import.meta.url), "utf8")
      .split("\n")
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).replace(/^"|"$/g, "")]),
  );
}
