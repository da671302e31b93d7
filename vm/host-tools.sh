# shellcheck shell=bash
# Build-host helpers shared by vm/build.sh and vm/images/build-catalog.sh (root, Debian amd64).
# Not part of any cache key: they install tools, they do not change what is built.

# ensure_host_tools LOGFN BIN:PACKAGE... — installs, in one apt-get call, the packages whose program (a name on
# PATH, or an absolute path) is missing. Recommends are not installed: list them (mmdebstrap needs arch-test for i386).
ensure_host_tools() {
  local logfn=$1 t bin pkg missing=(); shift
  for t in "$@"; do
    bin=${t%%:*} pkg=${t##*:}
    if [[ $bin == /* ]]; then [ -e "$bin" ] || missing+=("$pkg"); else command -v "$bin" >/dev/null || missing+=("$pkg"); fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  "$logfn" "installing build tools: ${missing[*]}"
  apt-get update -qq || echo "(apt-get update reported errors; continuing with the indexes it has)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# i386 programs (maintainer scripts in a rootfs, verification runs) go through qemu-user: this kernel has no ia32
# emulation. Registers qemu-i386-static in binfmt_misc unless an i386 handler is there already.
ensure_qemu_i386_binfmt() {
  [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  if ! [ -e /proc/sys/fs/binfmt_misc/qemu-i386 ] && ! [ -e /proc/sys/fs/binfmt_misc/i386 ]; then
    printf '%s' ':qemu-i386:M::\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-i386-static:F' \
      > /proc/sys/fs/binfmt_misc/register 2>/dev/null || true  # a failure shows at the first i386 program
  fi
}
