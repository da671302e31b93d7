#!/usr/bin/env bash
# Reproducible VM build: Debian i386 packages -> ext4 disk (chunked, zstd), kernel, initramfs,
# BIOS, v86 wasm, and a booted snapshot with dockerd answering. Outputs go to public/vm/.
# Cached outside the repo by a hash of its inputs: an unchanged rebuild only copies files.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
CACHE=${SANDBOX_VM_CACHE:-/var/cache/dockersandbox}
OUT=$ROOT/public/vm
# shellcheck source=vm/config.env
. "$HERE/config.env"
# shellcheck source=vm/host-tools.sh
. "$HERE/host-tools.sh"
T0=$(date +%s)
step() { printf '[build:vm %4ss] %s\n' $(( $(date +%s) - T0 )) "$*"; }
need_root() { [ "$(id -u)" = 0 ] || { echo "build:vm must run as root (mmdebstrap, mke2fs -d, binfmt)"; exit 1; }; }

# documentation under these folders (*.md) does not change the VM, so it is not part of the keys
hash_files() { (cd "$ROOT" && for f in "$@"; do find "$f" -type f ! -name '*.md' | sort | xargs sha256sum; done) | sha256sum | cut -c1-16; }
DISK_KEY=$(hash_files vm/config.env vm/build.sh vm/rootfs vm/agent vm/initramfs vm/images)

ensure_tools() {
  ensure_host_tools step mmdebstrap:mmdebstrap arch-test:arch-test qemu-i386-static:qemu-user-static mke2fs:e2fsprogs zstd:zstd cpio:cpio \
    depmod:kmod /usr/share/seabios/bios.bin:seabios /usr/lib/gcc/x86_64-linux-gnu/12/32/crtbegin.o:gcc-multilib
  ensure_qemu_i386_binfmt
}
# the emulator build below needs the tools too (mmdebstrap for its toolchain chroot)
need_root
ensure_tools
mkdir -p "$CACHE"
# The emulator: built from a pinned v86 commit + vm/emulator/patches (or npm's prebuilt one when no source is
# reachable). The snapshot depends on the emulator's whole build (its commit and every patch): a machine state holds no
# compiled code, but patches change what a state holds (0010/0011: the disk's written blocks), so the emulator and the
# state it saved are one pair.
EMU_DIR=$(bash "$HERE/emulator/build.sh" "$CACHE")
if [ -f "$EMU_DIR/emulator.json" ]; then
  V86_VERSION=$(node -p "require('$EMU_DIR/emulator.json').version")
  EMU_STATE_ID=$(node -p "require('$EMU_DIR/emulator.json').key")
else
  V86_VERSION=$(node -p "require('$ROOT/node_modules/v86/package.json').version")
  EMU_STATE_ID=$V86_VERSION
fi
STATE_KEY=$( (echo "$DISK_KEY $EMU_STATE_ID"; cd "$ROOT" && cat vm/snapshot.ts src/vm/node-vm.ts src/vm/guest-channel.ts src/vm/emulator-options.ts) | sha256sum | cut -c1-16)
DISK_DIR=$CACHE/disk-$DISK_KEY
STATE_DIR=$CACHE/state-$STATE_KEY

build_rootfs_tar() {
  local key tar
  key=$(echo "$ENGINE_SUITE ${EXTRA_SUITE:-} $DEBIAN_MIRROR $PACKAGES" | sha256sum | cut -c1-16)
  local sources=("deb $DEBIAN_MIRROR $ENGINE_SUITE main")
  [ -n "${EXTRA_SUITE:-}" ] && sources+=("deb $DEBIAN_MIRROR $EXTRA_SUITE main")
  tar=$CACHE/rootfs-$key.tar
  if [ ! -s "$tar" ]; then
    step "mmdebstrap $ENGINE_SUITE${EXTRA_SUITE:+ + $EXTRA_SUITE} i386: $PACKAGES (about 5-8 min)"
    # APT::Default-Release keeps the base suite preferred; only packages named name/$EXTRA_SUITE come from the other.
    mmdebstrap --arch=i386 --variant=minbase --mode=root --format=tar \
      --aptopt='APT::Install-Recommends "false"' --aptopt='Acquire::Retries "5"' \
      --aptopt="APT::Default-Release \"$ENGINE_SUITE\"" --aptopt='Acquire::Check-Valid-Until "false"' \
      --include="${PACKAGES// /,}" \
      --customize-hook='chroot "$1" dpkg-query -W -f="\${Package} \${Version}\n" > "$1/etc/sandbox-packages.txt"' \
      "$ENGINE_SUITE" "$tar.tmp" "${sources[@]}" 2>&1 | grep -E '^(E|W):|success' || true
    [ -s "$tar.tmp" ] || { echo "mmdebstrap failed"; exit 1; }
    mv "$tar.tmp" "$tar"
  fi
  ROOTFS_TAR=$tar
}

fetch_kernel() {
  local kdir=$CACHE/kernel-$KERNEL_SUITE
  if [ ! -f "$kdir/ok" ]; then
    step "downloading the i386 kernel and busybox-static from $KERNEL_SUITE"
    rm -rf "$kdir"; mkdir -p "$kdir/debs" "$kdir/x"
    # a private apt setup so the host's apt sources and architectures stay untouched
    local apt=$kdir/apt; mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/etc/preferences.d" "$apt/status.d"
    echo "deb [arch=i386] $DEBIAN_MIRROR $KERNEL_SUITE main" > "$apt/sources.list"
    touch "$apt/status"
    local opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::Etc::Preferences="$apt/etc/preferences" -o Dir::Etc::PreferencesParts="$apt/etc/preferences.d"
                -o Dir::State::Lists="$apt/lists" -o Dir::State::Status="$apt/status" -o Dir::Cache="$apt/cache"
                -o APT::Architecture=i386 -o APT::Architectures::=i386 -o Acquire::Retries=5 -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" update -qq
    local kpkg; kpkg=$(apt-cache "${opts[@]}" depends linux-image-686 | awk '/Depends: linux-image-/{print $2; exit}')
    (cd "$kdir/debs" && apt-get "${opts[@]}" download "$kpkg" busybox-static -qq)
    for d in "$kdir"/debs/*.deb; do dpkg-deb -x "$d" "$kdir/x"; done
    depmod -b "$kdir/x" "$(ls "$kdir/x/lib/modules")"
    ls "$kdir"/debs > "$kdir/packages.txt"
    touch "$kdir/ok"
  fi
  KDIR=$kdir/x
  KVER=$(ls "$KDIR/lib/modules")
}

build_disk() {
  [ -f "$DISK_DIR/ok" ] && { step "disk cached ($DISK_KEY)"; return; }
  build_rootfs_tar
  fetch_kernel
  local work=$CACHE/work-$DISK_KEY r
  rm -rf "$work"; mkdir -p "$work/rootfs"; r=$work/rootfs
  step "unpacking rootfs"
  tar -xf "$ROOTFS_TAR" -C "$r"
  step "adding the sandbox's files, agent and kernel modules ($KVER)"
  cp -a "$HERE/rootfs/." "$r/"
  # sandbox-warm's container root: busybox alone, a hard link (no extra space)
  mkdir -p "$r/usr/share/sandbox/warm-rootfs/"{bin,dev,proc,sys,tmp}
  ln "$r/bin/busybox" "$r/usr/share/sandbox/warm-rootfs/bin/true"
  gcc -m32 -static -O2 -Wall -Wextra -o "$r/usr/local/sbin/sandbox-agent" "$HERE/agent/sandbox-agent.c"
  strip "$r/usr/local/sbin/sandbox-agent"
  gcc -m32 -static -O2 -Wall -Wextra -o "$r/usr/local/sbin/sandbox-fchmodat2" "$HERE/agent/sandbox-fchmodat2.c"
  strip "$r/usr/local/sbin/sandbox-fchmodat2"
  ln -sf /bin/busybox "$r/sbin/init"
  local m=lib/modules/$KVER
  mkdir -p "$r/$m"
  cp "$KDIR/$m"/modules.{order,builtin,builtin.modinfo} "$r/$m/"
  (cd "$KDIR/$m" && find kernel/net kernel/lib kernel/crypto kernel/arch kernel/fs/overlayfs kernel/fs/ext4 kernel/fs/jbd2 \
      kernel/fs/mbcache.ko kernel/fs/nls kernel/fs/fuse kernel/drivers/ata kernel/drivers/scsi/sd_mod.ko kernel/drivers/scsi/scsi_mod.ko \
      kernel/drivers/scsi/scsi_common.ko kernel/drivers/virtio kernel/drivers/char/virtio_console.ko kernel/drivers/block/loop.ko \
      kernel/drivers/net/dummy.ko kernel/drivers/net/veth.ko kernel/drivers/net/macvlan.ko kernel/drivers/net/ipvlan \
      kernel/drivers/net/vxlan kernel/drivers/net/tun.ko kernel/drivers/net/virtio_net.ko kernel/drivers/net/net_failover.ko \
      kernel/drivers/net/bonding kernel/drivers/md \
      -name '*.ko' ! -path '*/wireless/*' ! -path '*/mac80211/*' ! -path '*/bluetooth/*' 2>/dev/null | cpio -pdm --quiet "$r/$m")
  depmod -b "$r" "$KVER"
  echo "$KVER" > "$r/etc/sandbox/kernel"
  step "image catalog and package mirror (vm/images; cached separately)"
  bash "$HERE/images/build-catalog.sh" "$work/catalog"
  mkdir -p "$r/var/lib/sandbox-mirror" "$r/srv/apt-mirror" "$r/usr/share/sandbox"
  cp -a "$work/catalog/registry/." "$r/var/lib/sandbox-mirror/"
  cp -a "$work/catalog/apt-mirror/." "$r/srv/apt-mirror/"
  cp "$work/catalog/catalog.json" "$r/usr/share/sandbox/catalog.json"
  cp "$work/catalog/catalog.json" "$work/catalog.json"
  rm -rf "$work/catalog"
  docker_hub_tls "$r"
  step "trimming docs, man pages, apt lists"
  rm -rf "$r"/usr/share/{doc,man,info,lintian,linda}/* "$r"/var/cache/apt/* "$r"/var/lib/apt/lists/* "$r"/var/log/*
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
  rm -f "$r/etc/machine-id"; : > "$r/etc/machine-id"
  printf 'Docker 核心要素沙箱 (Debian %s i386 + Docker %s)\n' "$ENGINE_SUITE" "$(awk '/^docker.io /{print $2}' "$r/etc/sandbox-packages.txt")" > "$r/etc/motd"
  step "making the ext4 disk (${DISK_MB} MiB)"
  rm -f "$work/disk.img"
  mke2fs -q -t ext4 -O ^has_journal,^metadata_csum -E lazy_itable_init=0,lazy_journal_init=0,root_owner=0:0 \
    -L sandbox -U 5a4d5a4d-0000-4000-8000-000000000001 -E hash_seed=5a4d5a4d-0000-4000-8000-000000000002 \
    -d "$r" "$work/disk.img" "${DISK_MB}M"
  step "making the initramfs"
  local ird=$work/initramfs
  mkdir -p "$ird/bin" "$ird/modules"
  cp "$KDIR/bin/busybox" "$ird/bin/busybox"
  cp "$HERE/initramfs/init" "$ird/init"
  # the disk and ext4 drivers with their dependencies, in load order
  local mods=() want
  for want in ata_piix sd_mod crc32c_generic ext4; do
    mapfile -t -O "${#mods[@]}" mods < <(modprobe -d "$KDIR" -S "$KVER" --show-depends "$want" | awk '/^insmod/{print $2}')
  done
  : > "$ird/modules.order"
  for f in "${mods[@]}"; do
    local b; b=$(basename "$f")
    grep -qx "$b" "$ird/modules.order" || { cp "$f" "$ird/modules/$b"; echo "$b" >> "$ird/modules.order"; }
  done
  (cd "$ird" && find . | sort | cpio -o -H newc --quiet --reproducible) | zstd -q -19 -f -o "$work/initrd.zst"
  # v86 wants the raw initrd; keep it uncompressed in the output
  zstd -q -d -f "$work/initrd.zst" -o "$work/initrd.img"
  cp "$KDIR/boot/vmlinuz-$KVER" "$work/bzImage"
  cp "$r/etc/sandbox-packages.txt" "$work/packages.txt"
  cat "$CACHE/kernel-$KERNEL_SUITE/packages.txt" >> "$work/packages.txt"
  rm -rf "$r"
  rm -rf "$DISK_DIR"; mv "$work" "$DISK_DIR"; touch "$DISK_DIR/ok"
}

# The sandbox's Docker Hub (vm/rootfs/etc/sandbox/hub/nginx.conf): a CA made for this disk alone, trusted by the
# guest (its CA store), signs the HTTPS certificate of registry-1.docker.io & co.; the CA's key is thrown away here,
# so it is in neither the disk nor git. Also the catalog's image names for the hint in the hub's errors.
docker_hub_tls() {
  local r=$1 t names
  local hosts=(registry-1.docker.io index.docker.io auth.docker.io docker.io 8xpk5wnt.mirror.aliyuncs.com)
  # valid from 2000 to 2099: the guest's clock is the learner's computer's, which may be far off
  local dates=(-startdate 20000101000000Z -enddate 20991231235959Z)
  t=$(mktemp -d)
  printf '%s\n' '[ca]' 'default_ca = sandbox' '[sandbox]' "database = $t/index.txt" "serial = $t/serial" "new_certs_dir = $t" \
    'default_md = sha256' 'policy = any' 'unique_subject = no' '[any]' 'commonName = supplied' \
    '[ca_ext]' 'basicConstraints = critical, CA:true' 'keyUsage = critical, keyCertSign, cRLSign' 'subjectKeyIdentifier = hash' \
    '[server_ext]' 'basicConstraints = critical, CA:false' 'keyUsage = critical, digitalSignature' \
    'extendedKeyUsage = serverAuth' 'authorityKeyIdentifier = keyid' \
    "subjectAltName = $(printf 'DNS:%s,' "${hosts[@]}" | sed 's/,$//')" > "$t/ca.cnf"
  : > "$t/index.txt"; echo 01 > "$t/serial"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$t/ca.key" -subj "/CN=Docker core sandbox CA (this VM only)" -out "$t/ca.csr" 2>/dev/null
  openssl ca -batch -notext -config "$t/ca.cnf" -selfsign -keyfile "$t/ca.key" -extensions ca_ext "${dates[@]}" -in "$t/ca.csr" -out "$t/ca.crt" 2>/dev/null
  # Each request dockerd makes to a registry is a new TLS connection (no keep-alive), so the handshake's cost counts:
  # the CA's RSA signature is cheap for dockerd (Go) to verify, the server's ECDSA P-256 key cheap for nginx to use
  # (an RSA-2048 server key cost ~50 M more guest instructions per handshake: `docker pull hello-world`, 5 handshakes,
  # 614-685 M instructions against 351-449 M with P-256)
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$t/tls.key" -subj "/CN=${hosts[0]}" -out "$t/tls.csr" 2>/dev/null
  openssl ca -batch -notext -config "$t/ca.cnf" -cert "$t/ca.crt" -keyfile "$t/ca.key" -extensions server_ext "${dates[@]}" -in "$t/tls.csr" -out "$t/tls.crt" 2>/dev/null
  openssl verify -CAfile "$t/ca.crt" "$t/tls.crt" >/dev/null
  install -m 644 "$t/tls.crt" "$r/etc/sandbox/hub/tls.crt"
  install -m 600 "$t/tls.key" "$r/etc/sandbox/hub/tls.key"
  # into the CA store as update-ca-certificates puts a local CA (running it under qemu takes over a minute)
  local ca=docker-sandbox-ca
  install -m 644 "$t/ca.crt" "$r/usr/local/share/ca-certificates/$ca.crt"
  ln -sf "/usr/local/share/ca-certificates/$ca.crt" "$r/etc/ssl/certs/$ca.pem"
  ln -sf "$ca.pem" "$r/etc/ssl/certs/$(openssl x509 -hash -noout -in "$t/ca.crt").0"
  cat "$t/ca.crt" >> "$r/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$t"
  names=$(cd "$r/var/lib/sandbox-mirror/docker/registry/v2/repositories" && find . -path '*/_manifests/tags/*/current/link' |
    sed -E 's#^\./##; s#/_manifests/tags/#:#; s#/current/link$##; s#^library/##; s#:latest$##' | sort | paste -sd, - | sed 's/,/, /g')
  printf '%s\n' "# Written by vm/build.sh (docker_hub_tls) from the catalog in /var/lib/sandbox-mirror: the hint in the hub's errors." \
    'map $host $sandbox_catalog {' "    default \"沙箱离线，只能拉取内置镜像 / offline sandbox, built-in images only: $names\";" '}' > "$r/etc/sandbox/hub/catalog.conf"
}

chunk_disk() {
  local dir=$DISK_DIR/chunks
  [ -f "$dir/ok" ] && return
  step "splitting the disk into $((CHUNK_BYTES / 1024)) KiB zstd chunks"
  rm -rf "$dir"; mkdir -p "$dir"
  local size n i start end
  size=$(stat -c %s "$DISK_DIR/disk.img"); n=$(( (size + CHUNK_BYTES - 1) / CHUNK_BYTES ))
  split -b "$CHUNK_BYTES" -d -a 5 "$DISK_DIR/disk.img" "$dir/p."
  for ((i = 0; i < n; i++)); do
    start=$((i * CHUNK_BYTES)); end=$((start + CHUNK_BYTES))
    mv "$dir/p.$(printf %05d "$i")" "$dir/disk-$start-$end.img"
  done
  zstd -q -9 -T0 --rm "$dir"/disk-*.img
  touch "$dir/ok"
}

build_state() {
  [ -f "$STATE_DIR/ok" ] && { step "snapshot cached ($STATE_KEY)"; return; }
  step "booting the VM in Node and saving the snapshot once dockerd answers (about 1-2 min)"
  rm -rf "$STATE_DIR.tmp"; mkdir -p "$STATE_DIR.tmp"
  (cd "$ROOT" && npx tsx vm/snapshot.ts "$DISK_DIR" "$STATE_DIR.tmp" "$EMU_DIR")
  zstd -q -19 -T0 -f "$STATE_DIR.tmp/state.bin" -o "$STATE_DIR.tmp/state.bin.zst"
  rm -f "$STATE_DIR.tmp/state.bin"
  rm -rf "$STATE_DIR"; mv "$STATE_DIR.tmp" "$STATE_DIR"; touch "$STATE_DIR/ok"
}

publish() {
  step "publishing to public/vm/"
  # The snapshot and the disk chunks are named after their build keys (state-<key>.bin.zst, disk-<key>/…): a new build
  # gets new URLs, so no HTTP cache can hand a new snapshot an old disk chunk (the manifest is always fetched anew).
  rm -rf "$OUT.tmp"; mkdir -p "$OUT.tmp/disk-$DISK_KEY"
  cp "$EMU_DIR/v86.wasm" "$EMU_DIR/libv86.mjs" "$OUT.tmp/"
  cp /usr/share/seabios/bios.bin /usr/share/seabios/vgabios-stdvga.bin "$OUT.tmp/"
  cp "$DISK_DIR/bzImage" "$DISK_DIR/initrd.img" "$DISK_DIR/packages.txt" "$DISK_DIR/catalog.json" "$OUT.tmp/"
  cp "$STATE_DIR/state.bin.zst" "$OUT.tmp/state-$STATE_KEY.bin.zst"
  ln "$DISK_DIR"/chunks/disk-*.zst "$OUT.tmp/disk-$DISK_KEY/" 2>/dev/null || cp "$DISK_DIR"/chunks/disk-*.zst "$OUT.tmp/disk-$DISK_KEY/"
  node "$HERE/manifest.mjs" "$OUT.tmp" "$DISK_DIR" "$STATE_DIR" "$V86_VERSION" "$DISK_KEY" "$STATE_KEY" "$EMU_DIR"
  rm -rf "$OUT"; mv "$OUT.tmp" "$OUT"
  # the Node harness boots from the raw disk (no zstd worker in Node)
  ln -sfn "$DISK_DIR" "$ROOT/vm/out"
}

prune_cache() {
  # keep the current disk/state, drop older builds and leftovers of interrupted ones
  local d
  for d in "$CACHE"/disk-* "$CACHE"/state-* "$CACHE"/work-* "$CACHE"/emulator-* "$CACHE"/*.tmp; do
    [ -e "$d" ] || continue
    case "$d" in "$DISK_DIR" | "$STATE_DIR" | "$EMU_DIR") continue ;; esac
    rm -rf "$d"
  done
}

build_disk
chunk_disk
build_state
publish
prune_cache
step "done: $(du -sh "$OUT" | cut -f1) in public/vm (disk $DISK_KEY, state $STATE_KEY, emulator $V86_VERSION)"
