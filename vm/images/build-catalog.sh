#!/usr/bin/env bash
# Builds the sandbox's image catalog from Debian $SUITE i386 packages with standard OCI tooling:
#   OUTDIR/registry/     storage of a Docker Distribution registry (docker/registry/v2/...) holding every image
#                        of vm/images/*/image.sh that has a REF, for linux/386 (OCI manifests, zstd layers)
#   OUTDIR/apt-mirror/   an offline Debian repository (debian/dists/$SUITE/main/binary-i386, debian/pool) for apt
#                        inside the ubuntu image
#   OUTDIR/catalog.json  what each image is, its packages, digests and sizes
# Per image: a root filesystem directory -> umoci (new/unpack/repack/config) -> skopeo copy into a temporary
# Debian docker-registry on 127.0.0.1 whose filesystem storage becomes OUTDIR/registry.
# Cached under $SANDBOX_VM_CACHE/catalog-<hash of vm/images/>: an unchanged rerun only copies the result.
# Usage: vm/images/build-catalog.sh OUTDIR      (root; Debian host with apt)
set -Eeuo pipefail
trap 'echo "[catalog] FAILED at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND" >&2' ERR
HERE=$(cd "$(dirname "$0")" && pwd)
T0=$(date +%s)
# shellcheck source=vm/images/lib.sh
. "$HERE/lib.sh"
# shellcheck source=vm/host-tools.sh
. "$HERE/../host-tools.sh"
# shellcheck source=vm/images/catalog.conf
. "$HERE/catalog.conf"

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR"; exit 2; }
[ "$(id -u)" = 0 ] || { echo "build-catalog must run as root (chroot, unshare, file ownership in layers)"; exit 1; }
mkdir -p "$1"; OUTDIR=$(cd "$1" && pwd)
CACHE=${SANDBOX_VM_CACHE:-/var/cache/dockersandbox}
COMMON=$CACHE/catalog-common          # shared across keys: apt indexes, downloaded .debs, the ubuntu base tarball
# CATALOG_IMAGES="busybox nginx-alpine ..." builds a subset (development); the default is $IMAGES of catalog.conf.
IMAGES=${CATALOG_IMAGES:-$IMAGES}
KEY=$( (cd "$HERE" && find . -type f ! -name '*.md' -print0 | sort -z | xargs -0 sha256sum; echo "$IMAGES") \
      | sha256sum | cut -c1-16)
RESULT=$CACHE/catalog-$KEY
mkdir -p "$CACHE" "$COMMON"

publish() {
  rm -rf "$OUTDIR/registry" "$OUTDIR/apt-mirror" "$OUTDIR/catalog.json"
  cp -a "$RESULT/registry" "$RESULT/apt-mirror" "$RESULT/catalog.json" "$OUTDIR/"
  log "done: $OUTDIR (registry $(du -sh "$OUTDIR/registry" | cut -f1), apt-mirror $(du -sh "$OUTDIR/apt-mirror" | cut -f1))"
}
if [ -f "$RESULT/ok" ]; then
  log "catalog cached ($KEY)"
  publish
  exit 0
fi

ensure_tools() {
  # (hello-world is built with gcc -m32 -nostdlib: no multilib libraries needed)
  local missing_registry=0; command -v docker-registry >/dev/null || missing_registry=1
  ensure_host_tools log umoci:umoci skopeo:skopeo docker-registry:docker-registry apt-ftparchive:apt-utils \
    mmdebstrap:mmdebstrap arch-test:arch-test qemu-i386-static:qemu-user-static jq:jq readelf:binutils unshare:util-linux gcc:gcc \
    curl:curl ss:iproute2 xz:xz-utils zcat:gzip zstd:zstd dpkg-deb:dpkg
  # Debian's docker-registry package starts a service on :5000 where an init system runs; we only need the binary.
  if [ $missing_registry = 1 ] && command -v systemctl >/dev/null && systemctl is-active -q docker-registry 2>/dev/null; then
    systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
  ensure_qemu_i386_binfmt
}

W=$CACHE/catalog-$KEY.work
OCI=$W/oci
REGPID=""
declare -A PREP_PID
cleanup() {
  [ -n "$REGPID" ] && kill "$REGPID" 2>/dev/null || true
  # background preparations run in their own process groups: stop them with everything they started (mmdebstrap)
  local p; for p in "${PREP_PID[@]}"; do kill -- "-$p" 2>/dev/null || true; done
}
trap cleanup EXIT

ensure_tools
rm -rf "$W"; mkdir -p "$W"
apt_init
apt_update
log "building catalog $KEY (images created $CREATED)"
umoci init --layout "$OCI"

# Reset the per-image interface, then source vm/images/<name>/image.sh (see README.md).
load_image() {
  REF="" EXTRA_REFS="" FROM=scratch LAYER=new DEBS="" DEBS_SKIP="" MAIN_PKG="" DESCRIPTION="" KEEP_ROOTFS=""; CONFIG=()
  unset -f customize verify prepare make_rootfs
  IMAGE_NAME=$1 IMAGE_DIR=$HERE/$1
  # shellcheck disable=SC1090
  . "$IMAGE_DIR/image.sh"
}

# Slow preparations (the ubuntu image's mmdebstrap) start in the background right away.
for name in $IMAGES; do
  load_image "$name"
  if declare -F prepare >/dev/null; then
    set -m    # job control: the job gets its own process group (see cleanup)
    ( set +m; load_image "$name"; prepare ) > "$W/prepare-$name.log" 2>&1 &
    PREP_PID[$name]=$!
    set +m
    log "$name: preparing in the background (log: $W/prepare-$name.log)"
  fi
done

# upstream_version 1:1.37.0-6+b9 -> 1.37.0, 1:11.8.9+ds-0+deb13u1 -> 11.8.9
upstream_version() { local v=${1#*:}; v=${v%-*}; v=${v%%+ds*}; v=${v%%+dfsg*}; echo "$v"; }

build_image() {
  local name=$1
  load_image "$name"
  local bundle=$W/bundle-$name r st=$W/status-$name pk=$W/pkgs-$name
  if [ "$FROM" = scratch ]; then : > "$st"; : > "$pk"; else cp "$W/status-$FROM" "$st"; cp "$W/pkgs-$FROM" "$pk"; fi
  if [ "$LAYER" = none ]; then
    umoci tag --image "$OCI:$FROM" "$name"
  else
    rm -rf "$bundle"
    if [ "$FROM" = scratch ]; then
      umoci new --image "$OCI:$name"
      umoci unpack --image "$OCI:$name" "$bundle" >/dev/null
    else
      umoci unpack --image "$OCI:$FROM" "$bundle" >/dev/null
    fi
    r=$bundle/rootfs
    touch "$W/marker-$name"
    if [ -n "$DEBS" ]; then
      # shellcheck disable=SC2086
      extract_debs "$st" "$W/stage-$name" "$DEBS" $DEBS_SKIP
      prune_docs "$W/stage-$name"
      cp -a --remove-destination "$W/stage-$name/." "$r/"
      cat "$W/stage-$name.pkgs" >> "$pk"
      log "$name: unpacked $(wc -l < "$W/stage-$name.pkgs") packages: $(cut -d' ' -f1 "$W/stage-$name.pkgs" | tr '\n' ' ')"
    fi
    if declare -F make_rootfs >/dev/null; then
      if [ -n "${PREP_PID[$name]:-}" ]; then
        log "$name: waiting for its background preparation"
        wait "${PREP_PID[$name]}" || { tail -30 "$W/prepare-$name.log"; die "$name: preparation failed"; }
      fi
      make_rootfs "$r" "$pk" "$st"
    fi
    if declare -F customize >/dev/null; then customize "$r"; fi
    check_libs "$r"
    if declare -F verify >/dev/null; then
      log "$name: verifying (qemu)"
      verify "$r" > "$W/verify-$name.log" 2>&1 || { tail -40 "$W/verify-$name.log"; die "$name: verification failed"; }
    fi
    # Reproducible layers: everything this step touched gets the suite's date (unchanged lower files keep theirs).
    find "$r" -newer "$W/marker-$name" -exec touch -h -d "@$EPOCH" {} +
    touch -h -d "@$EPOCH" "$r"
    umoci repack --image "$OCI:$name" --history.created "$CREATED" \
      --history.created_by "docker-core-sandbox: ${DEBS:+Debian packages $DEBS; }vm/images/$name" "$bundle"
    if [ -n "$KEEP_ROOTFS" ]; then rm -rf "$W/rootfs-$name"; mv "$r" "$W/rootfs-$name"; fi
    rm -rf "$bundle" "$W/stage-$name"
  fi
  [ -n "$REF" ] || { log "$name: internal base layer done"; return 0; }

  local desc=$DESCRIPTION p v version=""
  for p in $({ grep -o '@[a-z0-9.+-]*@' <<<"$desc" || true; } | tr -d @ | sort -u); do
    v=$(awk -v p="$p" '{split($1, a, "="); if (a[1] == p) print a[2]}' "$pk" | head -1)
    [ -n "$v" ] || die "$name: description names @$p@ which is not in the image"
    desc=${desc//@$p@/$(upstream_version "$v")}
  done
  [ -z "$MAIN_PKG" ] || version=$(awk -v p="$MAIN_PKG" '{split($1, a, "="); if (a[1] == p) print a[2]}' "$pk" | head -1)
  local labels=(--config.label "org.opencontainers.image.title=${REF#library/}"
                --config.label "org.opencontainers.image.description=$desc"
                --config.label "org.opencontainers.image.vendor=$VENDOR"
                --config.label "org.opencontainers.image.created=$CREATED"
                --config.label "io.docker-sandbox.packages=$(label_list "$pk" 1)"
                --config.label "io.docker-sandbox.sources=$(label_list "$pk" 2)")
  [ -z "$version" ] || labels+=(--config.label "org.opencontainers.image.version=$version")
  umoci config --image "$OCI:$name" --no-history --created "$CREATED" --architecture 386 --os linux \
    --clear config.labels --clear config.env --clear config.cmd --clear config.entrypoint \
    --clear config.exposedports --clear config.volume \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    "${labels[@]}" "${CONFIG[@]}"
  jq -n --arg ref "$REF" --arg extra "$EXTRA_REFS" --arg desc "$desc" --arg version "$version" \
    --arg pkgs "$(label_list "$pk" 1)" --arg srcs "$(label_list "$pk" 2)" --arg dir "vm/images/$name" \
    '{ref: $ref, also: ($extra | split(" ") | map(select(length > 0))), description: $desc, version: $version,
      packages: $pkgs, sources: $srcs, definition: $dir}' \
    > "$W/meta-$name.json"
  log "$name: $REF built"
}

for name in $IMAGES; do
  log "$name: building"
  build_image "$name"
done

# --- push everything into a temporary registry whose storage is the result -------------------------------------
rm -rf "$RESULT"; mkdir -p "$RESULT/registry"
PORT=""
for p in $(shuf -i 20000-40000 -n 20); do
  if ! ss -Hltn "sport = :$p" | grep -q .; then PORT=$p; break; fi
done
[ -n "$PORT" ] || die "no free port for the temporary registry"
cat > "$W/registry.yml" <<EOF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $RESULT/registry}
http: {addr: "127.0.0.1:$PORT", secret: catalog-build}
EOF
docker-registry serve "$W/registry.yml" > "$W/registry.log" 2>&1 &
REGPID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/v2/" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/v2/" >/dev/null || { cat "$W/registry.log"; die "temporary registry did not start"; }
log "temporary registry on 127.0.0.1:$PORT -> $RESULT/registry"
ACCEPT='application/vnd.oci.image.manifest.v1+json'
: > "$W/images.jsonl"
for name in $IMAGES; do
  [ -f "$W/meta-$name.json" ] || continue
  zstd_layers "$OCI" "$name" "$W/zstd"
  ref=$(jq -r .ref "$W/meta-$name.json")
  for r in $ref $(jq -r '.also[]' "$W/meta-$name.json"); do
    skopeo copy --quiet --dest-tls-verify=false --format oci --preserve-digests \
      "oci:$OCI:$name" "docker://127.0.0.1:$PORT/$r"
  done
  repo=${ref%:*} tag=${ref##*:}
  curl -fsS -H "Accept: $ACCEPT" "http://127.0.0.1:$PORT/v2/$repo/manifests/$tag" > "$W/manifest-$name.json"
  digest=sha256:$(sha256sum < "$W/manifest-$name.json" | cut -d' ' -f1)
  # uncompressed size (what `docker images` shows), from the OCI layout's layer blobs
  usize=0
  for l in $(jq -r '.layers[].digest' "$W/manifest-$name.json"); do
    usize=$(( usize + $(zstd -dcq "$OCI/blobs/sha256/${l#sha256:}" | wc -c) ))
  done
  jq -c --arg digest "$digest" --argjson usize "$usize" --slurpfile m "$W/manifest-$name.json" \
    '. + {name: (.ref | sub("^library/"; "")), manifest_digest: $digest, image_id: $m[0].config.digest,
          layers: [$m[0].layers[] | {digest, size}], compressed_size: ([$m[0].layers[].size] | add),
          uncompressed_size: $usize}' "$W/meta-$name.json" >> "$W/images.jsonl"
  log "$name: pushed $ref$(jq -r '.also | map(" " + .) | add // ""' "$W/meta-$name.json") $digest ($(jq -r '[.layers[].size] | add' "$W/manifest-$name.json") bytes compressed)"
done
kill "$REGPID"; wait "$REGPID" 2>/dev/null || true; REGPID=""
rm -rf "$RESULT"/registry/docker/registry/v2/repositories/*/_uploads "$RESULT"/registry/docker/registry/v2/repositories/*/*/_uploads

# --- the apt mirror for the ubuntu image --------------------------------------------------------------------------
# shellcheck source=vm/images/apt-mirror.sh
. "$HERE/apt-mirror.sh"
if [ -f "$W/status-ubuntu" ]; then
  build_apt_mirror "$W/status-ubuntu" "$RESULT/apt-mirror/debian"
  verify_apt_mirror "$W/rootfs-ubuntu" "$RESULT/apt-mirror/debian"
else
  log "apt mirror: skipped (no ubuntu image in this build)"; mkdir -p "$RESULT/apt-mirror"; : > "$W/apt-mirror.pkgs"
fi

# --- catalog.json ------------------------------------------------------------------------------------------------
reg_bytes=$(du -sb "$RESULT/registry" | cut -f1)
apt_bytes=$(du -sb "$RESULT/apt-mirror" | cut -f1)
jq -s --arg suite "$SUITE" --arg created "$CREATED" --arg key "$KEY" --argjson reg "$reg_bytes" --argjson apt "$apt_bytes" \
  --arg aptpkgs "$(cat "$W/apt-mirror.pkgs")" --arg apturl "$APT_MIRROR_URL" \
  '{generator: "vm/images/build-catalog.sh", key: $key, suite: $suite, created: $created, platform: "linux/386",
    images: .,
    sizes: {images_compressed_sum: (map(.compressed_size) | add),
            registry_unique_blobs_bytes: ([.[].layers[]] | unique_by(.digest) | map(.size) | add),
            registry_dir_bytes: $reg, apt_mirror_bytes: $apt},
    apt_mirror: {url: $apturl, packages: ($aptpkgs | split("\n") | map(select(length > 0)))}}' \
  "$W/images.jsonl" > "$RESULT/catalog.json"
jq -r '.images[] | "\(.name)\t\(.compressed_size)\t\(.description)"' "$RESULT/catalog.json" | \
  while IFS=$'\t' read -r n s d; do log "$(printf '%-22s %6.1f MB  %s' "$n" "$(awk -v s="$s" 'BEGIN{print s/1048576}')" "$d")"; done
touch "$RESULT/ok"
rm -rf "$W"
# old results of other keys are left alone (the lead may switch branches); their size is reported here
publish
