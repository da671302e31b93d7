#!/usr/bin/env bash
# npm run lint: the TypeScript sources with unused locals/parameters as errors, their formatting (prettier), and every shell script of the build,
# the tests and CI through shellcheck (warnings and errors). SC2034 ("appears unused") is off: the image
# definitions (vm/images/*/image.sh) set variables that build-catalog.sh reads after sourcing them, which shellcheck
# cannot follow file by file.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.json --noEmit --noUnusedLocals --noUnusedParameters
echo "tsc: no unused locals or parameters"
npx prettier --check --log-level warn . || { echo "prettier: files above are not formatted (npm run format)" >&2; exit 1; }
echo "prettier: formatted"
if ! command -v shellcheck >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing shellcheck (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null; }
fi
if ! command -v shellcheck >/dev/null; then
  echo "shellcheck is not installed (apt-get install shellcheck): shell scripts not checked" >&2
  exit 1
fi
scripts=(vm/build.sh vm/host-tools.sh vm/emulator/build.sh vm/images/build-catalog.sh vm/images/lib.sh vm/images/apt-mirror.sh vm/images/*/image.sh scripts/*.sh .ci/run)
shellcheck -x -S warning -s bash -e SC2034 "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
