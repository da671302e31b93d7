#!/usr/bin/env bash
# Builds the emulator (v86.wasm + libv86.mjs) from a pinned upstream v86 commit plus this project's patches, with
# Debian's Rust/clang toolchain in a forky chroot and esbuild from npm. Cached by a hash of its inputs.
# Usage: build.sh <cache-dir>   Prints progress on stderr and, last on stdout, the directory holding
# v86.wasm, v86.wasm.gz, libv86.mjs and emulator.json. Without a reachable source it prints the npm package's build directory.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=$1
# shellcheck source=vm/emulator/source.env
. "$HERE/source.env"
T0=$(date +%s)
say() { printf '[emulator %4ss] %s\n' $(( $(date +%s) - T0 )) "$*" >&2; }
SHORT=${V86_COMMIT:0:8}
KEY=$( (cd "$HERE" && find . -type f ! -name '*.md' | sort | xargs sha256sum) | sha256sum | cut -c1-16)
OUT=$CACHE/emulator-$KEY
if [ -f "$OUT/ok" ]; then say "cached ($KEY)"; echo "$OUT"; exit 0; fi

stock() {
  say "WARNING: $1 — using the npm package's prebuilt emulator (stock v86, JIT table of 900 modules)"
  echo "$ROOT/node_modules/v86/build"
  exit 0
}

# 1. the source: a local tarball, this workplace's vendor folder, or upstream's archive
src_tar=""
for c in "${V86_SOURCE:-}" "$ROOT/../shared/vendor/v86-$SHORT.tar.gz"; do
  if [ -n "$c" ] && [ -s "$c" ]; then src_tar=$c; break; fi
done
if [ -z "$src_tar" ]; then
  src_tar=$CACHE/v86-$SHORT.tar.gz
  if [ ! -s "$src_tar" ]; then
    say "downloading $V86_ARCHIVE_URL"
    curl -fsSL --retry 3 -o "$src_tar.tmp" "$V86_ARCHIVE_URL" 2>/dev/null && mv "$src_tar.tmp" "$src_tar" || { rm -f "$src_tar.tmp"; stock "no v86 source reachable (set V86_SOURCE=<tarball>)"; }
  fi
fi
command -v mmdebstrap >/dev/null || stock "mmdebstrap is missing"

# 2. the toolchain chroot (cached by suite and package list)
tc_key=$(echo "$TOOLCHAIN_SUITE $TOOLCHAIN_PACKAGES" | sha256sum | cut -c1-16)
TC=$CACHE/toolchain-$tc_key
if [ ! -f "$TC/ok" ]; then
  say "Debian $TOOLCHAIN_SUITE toolchain chroot: $TOOLCHAIN_PACKAGES (about 1 min)"
  rm -rf "$TC"
  mmdebstrap --variant=apt --mode=root --format=directory \
    --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Retries "5"' --aptopt='APT::Install-Recommends "false"' \
    --include="${TOOLCHAIN_PACKAGES// /,}" "$TOOLCHAIN_SUITE" "$TC" "deb ${DEBIAN_MIRROR:-http://deb.debian.org/debian} $TOOLCHAIN_SUITE main" \
    2>&1 | grep -E '^(E|W):' >&2 || true
  chroot "$TC" rustc --version >/dev/null || stock "the toolchain chroot did not build"
  touch "$TC/ok"
fi

# 3. unpack, patch, generate the instruction tables (host node), compile the wasm (chroot), bundle the JS (esbuild)
B=$TC/build-$KEY   # one work folder per key: two builds can share the chroot
W=$B/v86
rm -rf "$B"; mkdir -p "$W"
say "unpacking $(basename "$src_tar") and applying $(find "$HERE/patches" -name '*.patch' | wc -l) patches"
tar -xzf "$src_tar" -C "$W" --strip-components=1
for p in "$HERE"/patches/*.patch; do
  [ -e "$p" ] || continue
  patch -d "$W" -p1 --quiet --forward < "$p" || { echo "patch $(basename "$p") does not apply to $SHORT" >&2; exit 1; }
done
(cd "$W" && make -s src/rust/gen/jit.rs src/rust/gen/jit0f.rs src/rust/gen/interpreter.rs src/rust/gen/interpreter0f.rs \
  src/rust/gen/analyzer.rs src/rust/gen/analyzer0f.rs >/dev/null)
say "compiling v86.wasm (rustc $(chroot "$TC" rustc --version | cut -d' ' -f2), about 30-60 s)"
unshare --mount --fork sh -c "mount -t proc proc '$TC/proc' && mount --rbind /dev '$TC/dev' && \
  chroot '$TC' sh -c 'cd /build-$KEY/v86 && HOME=/tmp CARGO_HOME=/tmp/cargo-$KEY STRIP_DEBUG=true make build/v86.wasm'" >"$B/make.log" 2>&1 \
  || { tail -30 "$B/make.log" >&2; exit 1; }
cp "$HERE/entry.js" "$W/sandbox-entry.js"
# DEBUG=false drops v86's debug code; `require` stays a runtime lookup (esbuild would otherwise rewrite `typeof
# require` and break loading the bundle in Node's ESM loader)
(cd "$ROOT" && npx --no-install esbuild "$W/sandbox-entry.js" --bundle --format=esm --platform=neutral --target=es2020 \
  --define:DEBUG=false --define:require=globalThis.require --minify --log-level=warning --log-override:commonjs-variable-in-esm=silent \
  --external:'node:*' --external:./capstone-x86.min.js --external:./libwabt.cjs --outfile="$W/build/libv86.mjs")

rm -rf "$OUT.tmp"; mkdir -p "$OUT.tmp"
cp "$W/build/v86.wasm" "$W/build/libv86.mjs" "$OUT.tmp/"
# the page loads the gzipped copy (patch 0004; 1.8 MB -> 0.3 MB from hosts that do not compress wasm), Node the raw one
gzip -9n -c "$W/build/v86.wasm" > "$OUT.tmp/v86.wasm.gz"
patches=$(cd "$HERE/patches" && ls ./*.patch 2>/dev/null | sed 's|^\./||' | paste -sd, -)
cat > "$OUT.tmp/emulator.json" <<JSON
{"build": "source", "commit": "$V86_COMMIT", "key": "$KEY", "patches": "$patches", "rustc": "$(chroot "$TC" rustc --version)", "version": "0.5-$SHORT+sandbox-$KEY"}
JSON
rm -rf "$B" "$OUT"; mv "$OUT.tmp" "$OUT"; touch "$OUT/ok"
say "built: v86.wasm $(stat -c %s "$OUT/v86.wasm") bytes, libv86.mjs $(stat -c %s "$OUT/libv86.mjs") bytes ($KEY)"
echo "$OUT"
