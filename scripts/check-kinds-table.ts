// Writes the table of check kinds into tutorials/README.md §4 (between its marker lines) from the definitions in
// src/lesson/predicates. src/lesson/predicates/check-kinds-table.test.ts fails while the README's table is stale.
// Usage: npx tsx scripts/check-kinds-table.ts
import { readFileSync, writeFileSync } from "node:fs";
import { checkKindsTable, TABLE_BEGIN, TABLE_END } from "../src/lesson/predicates";

const path = new URL("../tutorials/README.md", import.meta.url);
const text = readFileSync(path, "utf8");
const begin = text.indexOf(TABLE_BEGIN);
const end = text.indexOf(TABLE_END);
if (begin < 0 || end < begin) throw new Error(`tutorials/README.md: the marker lines are missing:\n${TABLE_BEGIN}\n${TABLE_END}`);
const next = text.slice(0, begin) + checkKindsTable() + text.slice(end + TABLE_END.length);
if (next === text) console.log("tutorials/README.md: the table of check kinds is up to date");
else {
  writeFileSync(path, next);
  console.log("tutorials/README.md: table of check kinds written");
}
