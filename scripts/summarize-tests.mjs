// Adds up the JSON reports in a folder (vitest's, Playwright's, and the scripts' own in vitest's keys) and prints
// "N passed, N failed[, N skipped]".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Playwright's JSON report (`stats`: expected, unexpected, flaky, skipped; `errors`: what failed outside a test, e.g.
 * a file that does not load, or no tests found) in vitest's keys. Flaky (passed on a retry) counts as passed; an error
 * outside any test with no failed test is a suite error (one failure).
 */
function fromPlaywright(r) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = r.stats;
  const suiteError = (r.errors?.length ?? 0) > 0;
  // tests annotated "passed on the second try" (the lesson walk typed the step's commands again after a daemon error)
  const retried = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        for (const a of [...(t.annotations ?? []), ...(t.results ?? []).flatMap((x) => x.annotations ?? [])])
          if (a.type === "passed on the second try" && !retried.includes(spec.title)) retried.push(spec.title);
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of r.suites ?? []) walk(s);
  return { numPassedTests: expected + flaky, numFailedTests: unexpected, numPendingTests: skipped, success: unexpected === 0 && !suiteError, retried };
}

const dir = process.argv[2] ?? "test-results";
let passed = 0,
  failed = 0,
  skipped = 0;
for (const f of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : []) {
  let r = JSON.parse(readFileSync(join(dir, f), "utf8"));
  if (r.stats && "expected" in r.stats) r = fromPlaywright(r);
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
