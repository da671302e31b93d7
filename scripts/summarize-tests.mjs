// Adds up the vitest JSON reports in a folder and prints "N passed, N failed[, N skipped]".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "test-results";
let passed = 0,
  failed = 0,
  skipped = 0;
for (const f of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : []) {
  const r = JSON.parse(readFileSync(join(dir, f), "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${f}: ${r.numPassedTests ?? 0} passed, ${r.numFailedTests ?? 0} failed${r.success === false && !r.numFailedTests ? " (suite error)" : ""}`);
  // the lesson walk: steps that passed only when their commands were typed a second time (after a daemon error)
  if (r.retried?.length) console.log(`${f}: passed on the second try: ${r.retried.join(", ")}`);
  if (r.success === false && !r.numFailedTests) failed += 1;
}
// where the time went (written by scripts/test-all.sh), so a CI log shows which suite to look at
for (const times of ["ci-setup.tsv", "times.tsv"].map((f) => join(dir, f)).filter(existsSync)) {
  for (const line of readFileSync(times, "utf8").trim().split("\n")) {
    const [name, s] = line.split("\t");
    console.log(`time: ${name}: ${Math.floor(+s / 60)} min ${+s % 60} s`);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
