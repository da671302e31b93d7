# ubuntu:latest — there are no i386 Ubuntu images any more: a minimal Debian trixie (mmdebstrap minbase) whose apt
# only knows the sandbox's offline mirror, so the seed's `FROM ubuntu` + `RUN apt-get update && apt install -y nginx`
# builds without internet. procps is added so `ps aux` works in containers built from it (the seed does that).
REF=library/ubuntu:latest
FROM=scratch
KEEP_ROOTFS=1          # build-catalog.sh verifies the apt mirror in a copy of this root filesystem
MAIN_PKG=base-files
EXTRA_PACKAGES="procps"
DESCRIPTION="Sandbox stand-in for ubuntu:latest: NOT Ubuntu but a minimal Debian trixie i386 userland (mmdebstrap minbase, base-files @base-files@, apt @apt@, bash @bash@, plus procps) whose apt reads only the sandbox's offline mirror $APT_MIRROR_URL"
CONFIG=(--config.cmd /bin/bash)

# Runs in the background from the start of the build (maintainer scripts under qemu take minutes).
prepare() {
  [ -s "$UBUNTU_TAR" ] && { echo "cached: $UBUNTU_TAR"; return 0; }
  local x dpkgopts=()
  for x in man doc info locale lintian; do dpkgopts+=("--dpkgopt=path-exclude=/usr/share/$x/*"); done
  SOURCE_DATE_EPOCH=$EPOCH mmdebstrap --arch=i386 --variant=minbase --mode=root --format=tar \
    --aptopt='APT::Install-Recommends "false"' --aptopt='Acquire::Retries "5"' --aptopt='Acquire::Languages "none"' \
    "${dpkgopts[@]}" --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='force-unsafe-io' \
    --include="${EXTRA_PACKAGES// /,}" \
    "$SUITE" "$UBUNTU_TAR.$$.tmp" "deb $DEBIAN_MIRROR $SUITE main"
  mv "$UBUNTU_TAR.$$.tmp" "$UBUNTU_TAR"
}

# the bootstrap tarball is cached by what goes into it (not by this file's other lines, e.g. the description)
UBUNTU_TAR=$COMMON/ubuntu-minbase-$( (declare -f prepare; echo "$SUITE $DEBIAN_MIRROR $EXTRA_PACKAGES") | sha256sum | cut -c1-16).tar

# make_rootfs ROOTFS PKGS STATUS
make_rootfs() {
  local r=${1:?} pk=$2 st=$3
  tar -xf "$UBUNTU_TAR" -C "$r"
  # Docker provides /dev, hostname, hosts and resolv.conf at run time
  rm -rf "${r:?}"/dev/* "$r"/proc/* "$r"/sys/* "$r"/etc/apt/apt.conf.d/99mmdebstrap "$r"/etc/dpkg/dpkg.cfg.d/99mmdebstrap \
         "$r"/etc/apt/sources.list.d/* "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* "$r"/var/log/* "$r"/tmp/* \
         "$r"/var/cache/ldconfig/aux-cache "$r"/etc/hostname "$r"/etc/resolv.conf
  mkdir -p "$r/var/lib/apt/lists/partial"
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  rm -rf "$r"/usr/share/{man,info,lintian}/*
  find "$r/usr/share/doc" -type f ! -name copyright -delete 2>/dev/null || true
  : > "$r/etc/machine-id"
  cp -a "$IMAGE_DIR/files/." "$r/"
  echo "deb [trusted=yes] $APT_MIRROR_URL $SUITE main" > "$r/etc/apt/sources.list"
  cp "$r/var/lib/dpkg/status" "$st"
  chroot_query_packages "$r" > "$pk"
}

# "pkg=version source=version" for every installed package, read from the dpkg database without running dpkg
chroot_query_packages() {
  awk '/^Package:/{p=$2} /^Version:/{v=$2} /^Source:/{s=$2; sv=($3 ? $3 : ""); gsub(/[()]/, "", sv)}
       /^$/{ if (p) print p "=" v, (s ? s : p) "=" (sv ? sv : v); p=s=sv=v="" }' "$1/var/lib/dpkg/status"
}

verify() {
  in_ns "$1" 'chroot "$R" apt-config dump | grep -q "Acquire::Check-Date \"false\"" && chroot "$R" ps aux >/dev/null'
  grep -q "^deb \[trusted=yes\] $APT_MIRROR_URL $SUITE main$" "$1/etc/apt/sources.list"
  [ ! -e "$1/etc/apt/sources.list.d/debian.sources" ]
}
