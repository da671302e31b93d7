# shellcheck shell=bash
# The offline Debian repository that `apt-get update && apt install -y nginx` inside the ubuntu image uses
# (sources.list: deb [trusted=yes] $APT_MIRROR_URL $SUITE main). Sourced by build-catalog.sh.

# build_apt_mirror UBUNTU_DPKG_STATUS DEST: apt itself resolves $APT_MIRROR_PACKAGES against the ubuntu image's
# dpkg status; the .debs it would download go to DEST/pool/main/<x>/<source>/, the indexes to DEST/dists/$SUITE.
build_apt_mirror() {
  local st=$1 dest=$2 p v a deb src prefix n=0
  log "apt mirror: resolving $APT_MIRROR_PACKAGES against the ubuntu image"
  # shellcheck disable=SC2086
  resolve "$st" $APT_MIRROR_PACKAGES > "$W/apt-mirror.resolved"
  # every package must also be installable on its own (the learner installs them one at a time; apt may pick other
  # alternatives of an "a | b" dependency then)
  local pids=() pid
  for p in $APT_MIRROR_PACKAGES; do resolve "$st" "$p" > "$W/apt-mirror.resolved.$p" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || die "apt mirror: a package does not resolve on its own"; done
  sort -u -o "$W/apt-mirror.resolved" "$W/apt-mirror.resolved" "$W"/apt-mirror.resolved.*
  # shellcheck disable=SC2086
  fetch "$st" $APT_MIRROR_PACKAGES
  rm -rf "$dest"; mkdir -p "$dest/dists/$SUITE/main/binary-i386"
  : > "$W/apt-mirror.pkgs"
  while read -r p v a; do
    deb=$(deb_path "$p" "$v" "$a")
    [ -f "$deb" ] || die "apt mirror: missing $deb"
    src=$(dpkg-deb -f "$deb" Source); src=${src:-$p}; src=${src%% *}
    case $src in lib?*) prefix=${src:0:4} ;; *) prefix=${src:0:1} ;; esac
    mkdir -p "$dest/pool/main/$prefix/$src"
    cp "$deb" "$dest/pool/main/$prefix/$src/"
    echo "$p=$v" >> "$W/apt-mirror.pkgs"
    n=$((n + 1))
  done < "$W/apt-mirror.resolved"
  (cd "$dest" && apt-ftparchive packages pool/main > "dists/$SUITE/main/binary-i386/Packages")
  xz -9 -k "$dest/dists/$SUITE/main/binary-i386/Packages"
  local R=APT::FTPArchive::Release
  (cd "$dest/dists/$SUITE" && apt-ftparchive -o "$R::Origin=$VENDOR" -o "$R::Label=$VENDOR offline mirror" \
     -o "$R::Suite=$SUITE" -o "$R::Codename=$SUITE" -o "$R::Architectures=i386" -o "$R::Components=main" \
     -o "$R::Date=$(date -u -R -d "@$EPOCH")" \
     -o "$R::Description=Offline subset of Debian $SUITE i386 for the Docker sandbox (nginx, curl, vim, python3 ...)" \
     release . > "$W/Release" && mv "$W/Release" Release)
  log "apt mirror: $n packages, $(du -sh "$dest" | cut -f1)"
}

# verify_apt_mirror UBUNTU_ROOTFS MIRROR: in a throw-away copy of the ubuntu image (qemu), apt-get update from a
# file: copy of the mirror, install nginx for real and simulate installing every mirrored package.
verify_apt_mirror() {
  local root=$1 mirror=$2 key mark vr=$W/verify-apt
  key=$( (cat "$mirror/dists/$SUITE/main/binary-i386/Packages"; cat "$root/var/lib/dpkg/status") | sha256sum | cut -c1-16)
  mark=$COMMON/apt-mirror-verified-$key
  if [ -f "$mark" ]; then log "apt mirror: verified before ($key)"; return 0; fi
  log "apt mirror: verifying in an ubuntu-image chroot (qemu): apt-get update && apt-get install -y nginx"
  rm -rf "$vr"; cp -a "$root" "$vr"; mkdir -p "$vr/mirror"; cp -a "$mirror" "$vr/mirror/"
  echo "deb [trusted=yes] file:/mirror/debian $SUITE main" > "$vr/etc/apt/sources.list"
  # shellcheck disable=SC2016
  in_root "$vr" /bin/sh -c 'set -e; export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends nginx
    /usr/sbin/nginx -t
    apt-get install -s -y '"$APT_MIRROR_PACKAGES"' | grep -c "^Inst" ' > "$W/verify-apt.log" 2>&1 \
    || { tail -40 "$W/verify-apt.log"; die "apt mirror verification failed (log: $W/verify-apt.log)"; }
  grep -E '^(Get|Setting up nginx|[0-9]+ upgraded)' "$W/verify-apt.log" | sed 's/^/    /' | tail -4
  rm -rf "$vr"
  touch "$mark"
}
