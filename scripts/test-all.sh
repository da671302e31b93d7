#!/usr/bin/env bash
# npm test: everything, in order of cost. Builds the VM if it is missing (cached by input hash).
# Ends with one summary line "N passed, N failed" (every suite's tests added up).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
mkdir -p test-results
fail=0
run() { echo; echo "=== $1"; shift; "$@" || fail=1; }

run "type check" npx tsc -p tsconfig.json --noEmit
run "unit tests" npx vitest run --reporter=default --reporter=json --outputFile=test-results/unit.json
if [ ! -f public/vm/manifest.json ] || [ "${REBUILD_VM:-1}" = 1 ]; then
  run "VM build (cached by input hash)" bash vm/build.sh
fi
if [ -f public/vm/manifest.json ]; then
  run "VM integration tests" npx vitest run --config vitest.vm.config.ts --reporter=default --reporter=json --outputFile=test-results/vm.json
  if [ -f e2e/run.sh ]; then run "browser e2e" bash e2e/run.sh; fi
fi
node scripts/summarize-tests.mjs test-results || fail=1
exit $fail
