# shellcheck shell=bash
# Helpers for vm/images/build-catalog.sh and the per-image vm/images/<name>/image.sh fragments.
# Everything here runs on the (amd64) build host; i386 programs run through qemu-user via binfmt_misc.

log() { printf '[catalog %4ss] %s\n' $(( $(date +%s) - T0 )) "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# A private apt for Debian $SUITE i386: its own sources, lists, archives and status files, so the host's apt
# configuration and dpkg database stay untouched. Downloaded .debs are shared by all builds ($COMMON/apt/archives).
apt_init() {
  APTD=$COMMON/apt
  mkdir -p "$APTD"/lists/partial "$APTD"/archives/partial "$APTD"/cache "$APTD"/etc/preferences.d
  echo "deb [arch=i386] $DEBIAN_MIRROR $SUITE main" > "$APTD/sources.list"
  : > "$APTD/empty-status"
  APT_OPTS=(-o Dir::Etc::SourceList="$APTD/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o Dir::Etc::Preferences="$APTD/etc/preferences" -o Dir::Etc::PreferencesParts="$APTD/etc/preferences.d"
            -o Dir::State::Lists="$APTD/lists" -o Dir::Cache="$APTD/cache" -o Dir::Cache::archives="$APTD/archives"
            -o Dir::State::extended_states="$APTD/extended_states"
            -o APT::Architecture=i386 -o APT::Architectures::=i386 -o APT::Install-Recommends=false
            -o APT::Install-Suggests=false -o Acquire::Languages=none -o Acquire::Retries=5
            -o APT::Sandbox::User=root -o Debug::NoLocking=1 -o Dpkg::Use-Pty=false)
}
# aptg STATUSFILE apt-get-args... / aptc STATUSFILE apt-cache-args... (apt's binary cache is kept per status file:
# apt rebuilds it when the status file or the indexes change)
aptg() { local st=$1; shift; apt-get "${APT_OPTS[@]}" -o Dir::State::Status="$st" -o Dir::Cache::pkgcache="$st.pkgcache.bin" "$@"; }
aptc() { local st=$1; shift; apt-cache "${APT_OPTS[@]}" -o Dir::State::Status="$st" -o Dir::Cache::pkgcache="$st.pkgcache.bin" "$@"; }

# Refresh the package indexes when missing, older than a day, or when forced ($1=force).
apt_update() {
  local idx; idx=$(find "$APTD/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 | head -1)
  if [ "${1:-}" = force ] || [ -z "$idx" ]; then
    log "apt-get update ($SUITE i386)"
    aptg "$APTD/empty-status" update -qq || die "apt-get update failed"
  fi
  # The images' creation date: the Date of the suite's Release file (stable for as long as the indexes are),
  # fixed for the whole build even if a download forces a refresh.
  [ -z "${EPOCH:-}" ] || return 0
  local rel; rel=$(find "$APTD/lists" -maxdepth 1 \( -name '*_InRelease' -o -name '*_Release' \) | head -1)
  EPOCH=$(date -u -d "$(sed -n 's/^Date: //p' "$rel" | head -1)" +%s)
  CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
}

# resolve STATUSFILE PKG... -> "pkg version arch" for every package apt would install on top of STATUSFILE.
resolve() {
  local st=$1; shift
  local out
  out=$(aptg "$st" -s -y install "$@" 2>&1) || die "apt cannot resolve: $* ($out)"
  # "Inst libgcc-s1 (14.2.0-19 Debian:13.2/stable [i386]) []" -> libgcc-s1 14.2.0-19 i386
  sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) [^[]*\[\([a-z0-9]*\)\]).*/\1 \2 \3/p' <<<"$out"
}
deb_path() { echo "$APTD/archives/${1}_${2//:/%3a}_${3}.deb"; }

# fetch STATUSFILE PKG...: download what resolve() lists into the shared archive (retrying once after an update:
# a point release may have replaced versions the cached indexes still name).
fetch() {
  local st=$1; shift
  aptg "$st" install --download-only -y -qq "$@" >/dev/null 2>&1 && return 0
  apt_update force
  aptg "$st" install --download-only -y -qq "$@" >/dev/null || die "download failed: $*"
}

# status_records STATUSFILE SUFFIX PKG=VERSION...: dpkg status stanzas marking the packages installed, without their
# relations, so apt treats them as present (unpacked into a lower layer, or deliberately left out). A SUFFIX makes
# the installed version one the archive does not have: otherwise apt merges the stanza with the archive's record of
# the same version, takes its Depends from there and installs what we wanted to leave out.
status_records() {
  local st=$1 suffix=$2; shift 2
  [ $# -gt 0 ] || return 0
  aptc "$st" show "$@" | awk -v suffix="$suffix" '
    /^$/ { if (p) { print p; print "Status: install ok installed"; print "" } p = ""; next }
    /^Version:/ { $0 = $0 suffix }
    /^(Package|Architecture|Version|Multi-Arch|Provides):/ { p = p (p ? "\n" : "") $0 }
    END { if (p) { print p; print "Status: install ok installed"; print "" } }'
}

# extract_debs STATUSFILE DEST PKGLIST SKIP... : resolve PKGLIST against STATUSFILE (whose packages are already
# in lower layers), after adding SKIP packages (left out on purpose) to it; download, unpack into DEST, add what
# was unpacked to STATUSFILE and "pkg=ver src=srcver" lines to DEST.pkgs.
extract_debs() {
  local st=$1 dest=$2 pkgs=$3; shift 3
  local p v a deb src skip=()
  for p in "$@"; do
    grep -qx "Package: $p" "$st" && continue
    v=$(aptc "$st" policy "$p" 2>/dev/null | awk '/Candidate:/{print $2}')
    [ -n "$v" ] && [ "$v" != "(none)" ] || die "no candidate for skipped package $p"
    skip+=("$p=$v")
  done
  status_records "$st" +sandbox.skipped "${skip[@]}" >> "$st"
  # shellcheck disable=SC2086
  resolve "$st" $pkgs > "$dest.resolved"
  # shellcheck disable=SC2086
  fetch "$st" $pkgs
  mkdir -p "$dest"; : > "$dest.pkgs"
  while read -r p v a; do
    deb=$(deb_path "$p" "$v" "$a")
    [ -f "$deb" ] || die "missing $deb"
    dpkg-deb -x "$deb" "$dest"
    src=$(dpkg-deb -f "$deb" Source); src=${src:-$p}
    case $src in *'('*) src="${src%% *}=${src#*(}"; src=${src%)} ;; *) src="$src=$v" ;; esac
    echo "$p=$v $src" >> "$dest.pkgs"
  done < "$dest.resolved"
  # shellcheck disable=SC2046
  status_records "$st" "" $(cut -d' ' -f1 "$dest.pkgs") >> "$st"
  merge_usr "$dest"
}

# Debian trixie is merged-/usr: fold /bin, /sbin, /lib of unpacked packages into /usr (the base layer has the links).
merge_usr() {
  local d
  for d in bin sbin lib; do
    if [ -d "$1/$d" ] && [ ! -L "$1/$d" ]; then
      mkdir -p "$1/usr/$d"; cp -a "$1/$d/." "$1/usr/$d/"; rm -rf "${1:?}/$d"
    fi
  done
}

# Documentation, manuals, translations and packaging leftovers nobody reads inside a container (for images built
# from unpacked packages, not for the ubuntu image, which keeps a consistent dpkg database).
prune_docs() {
  local r=$1
  rm -rf "$r"/usr/share/{doc,man,info,lintian,linda,bug,locale,doc-base,menu,bash-completion,apport,reportbug} \
         "$r"/etc/{init.d,logrotate.d,ufw,cron.daily,default,systemd} "$r"/usr/lib/systemd "$r"/usr/share/vim
  # glibc's iconv modules (~7 MB; nothing in these images converts character sets) and its debugging helpers
  rm -rf "$r"/usr/lib/i386-linux-gnu/gconv "$r"/usr/lib/i386-linux-gnu/audit "$r"/usr/libexec/getconf \
         "$r"/usr/lib/i386-linux-gnu/{libmemusage.so,libpcprofile.so,libc_malloc_debug.so.0,libthread_db.so.1}
}

# check_libs ROOTFS: every ELF file's DT_NEEDED library must exist in the image (static check, no qemu).
check_libs() {
  local r=$1 f lib missing=""
  [ -d "$r/usr" ] || return 0
  while IFS= read -r -d '' f; do
    head -c4 "$f" 2>/dev/null | grep -q 'ELF' || continue
    for lib in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      # the library directories, or next to the file (RUNPATH $ORIGIN, e.g. glibc's gconv modules)
      [ -e "$r/usr/lib/i386-linux-gnu/$lib" ] || [ -e "$r/usr/lib/$lib" ] || [ -e "$(dirname "$f")/$lib" ] \
        || [ -e "$r/usr/lib/i386-linux-gnu/libfakeroot/$lib" ] || missing+=" ${f#"$r"}:$lib"
    done
  done < <(find "$r/usr" -type f \( -perm -u+x -o -name '*.so*' \) -print0 2>/dev/null)
  [ -z "$missing" ] || die "missing shared libraries:$missing"
}

# in_ns ROOTFS SCRIPT [ARGS]: run the (host) shell SCRIPT in private mount, network (lo up) and PID namespaces with /dev and
# /proc mounted in ROOTFS (= $R in SCRIPT) for its duration; SCRIPT runs i386 programs with `chroot "$R" cmd...`
# (qemu-user via binfmt_misc). Whatever it starts (daemons) dies with it. Keep pipelines on the host side: under
# qemu-user, BusyBox's sh runs applets by executing /proc/self/exe, so `sh -c 'a | grep b'` misbehaves in the
# chroot although it works in the real VM (see test_shell).
in_ns() {
  local r=$1 script=$2; shift 2
  mkdir -p "$r/dev" "$r/proc"
  R=$r unshare -m -n -p -f --propagation private sh -c 'mount --rbind /dev "$R/dev" && mount -t proc proc "$R/proc" &&
    { ip link set lo up 2>/dev/null || true; } && s=$1 && shift && eval "$s"' _ "$script" "$@"
}
# test_shell ROOTFS: copy Debian's i386 dash to ROOTFS/tmp/.verify-sh (remove it after the test) to run BusyBox shell
# scripts under qemu-user: BusyBox's own sh re-executes itself through /proc/self/exe for applets, which qemu-user
# (without binfmt's preserve-argv0) turns into `busybox <args>`. dash executes the applet symlinks, which works.
test_shell() {
  local p v a
  if [ ! -x "$W/dash/usr/bin/dash" ]; then
    read -r p v a < <(resolve "$APTD/empty-status" dash | grep '^dash ')
    fetch "$APTD/empty-status" dash
    dpkg-deb -x "$(deb_path "$p" "$v" "$a")" "$W/dash"
  fi
  install -m 755 "$W/dash/usr/bin/dash" "$1/tmp/.verify-sh"
}

# in_root ROOTFS CMD...: one i386 command inside ROOTFS, as in_ns.
in_root() {
  local r=$1; shift
  in_ns "$r" 'chroot "$R" "$@"' "$@"
}

# label_list FILE FIELD: space-separated "pkg=ver" (FIELD=1) or unique "src=ver" (FIELD=2) from a .pkgs file.
label_list() { awk -v f="$2" '{print $f}' "$1" | sort -u | tr '\n' ' ' | sed 's/ $//'; }

# zstd_layers OCI_LAYOUT TAG WORKDIR: recompress the gzip layers of TAG with zstd(1) -19 and point its manifest (and the
# layout's index) at the new blobs; layers shared with other tags are compressed once (WORKDIR/<gzip digest> holds the
# zstd digest). The image config is unchanged: its diff_ids name the uncompressed layers. Why not skopeo's
# --dest-compress-format zstd: its encoder (klauspost/compress) at its best level makes base-curl's layer 9.69 MB,
# zstd -19 makes it 8.44 MB, and nginx:alpine must stay under 10 MB. Docker pulls zstd layers (OCI media type
# application/vnd.oci.image.layer.v1.tar+zstd) since 23.0; they also decompress faster than gzip in the guest.
zstd_layers() {
  local oci=$1 tag=$2 work=$3 idx=$1/index.json mdig m l h z size tmp
  mkdir -p "$work"
  mdig=$(jq -r --arg t "$tag" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' "$idx")
  [ -n "$mdig" ] || die "zstd_layers: no tag $tag in $oci"
  m=$(cat "$oci/blobs/sha256/${mdig#sha256:}")
  for l in $(jq -r '.layers[] | select(.mediaType | endswith("tar+gzip")) | .digest' <<<"$m"); do
    h=${l#sha256:}
    if [ ! -f "$work/$h" ]; then
      tmp=$work/$h.tmp
      zstd -dcq "$oci/blobs/sha256/$h" | zstd -q -19 -T1 -c > "$tmp"
      z=$(sha256sum < "$tmp" | cut -d' ' -f1)
      mv "$tmp" "$oci/blobs/sha256/$z"
      echo "$z" > "$work/$h"
    fi
    z=$(cat "$work/$h"); size=$(stat -c %s "$oci/blobs/sha256/$z")
    m=$(jq -c --arg old "$l" --arg new "sha256:$z" --argjson size "$size" \
      '.layers |= map(if .digest == $old then .digest = $new | .size = $size
                      | .mediaType = "application/vnd.oci.image.layer.v1.tar+zstd" else . end)' <<<"$m")
  done
  printf '%s' "$m" > "$work/manifest.tmp"
  z=$(sha256sum < "$work/manifest.tmp" | cut -d' ' -f1); size=$(stat -c %s "$work/manifest.tmp")
  mv "$work/manifest.tmp" "$oci/blobs/sha256/$z"
  jq -c --arg t "$tag" --arg new "sha256:$z" --argjson size "$size" \
    '.manifests |= map(if .annotations["org.opencontainers.image.ref.name"] == $t then .digest = $new | .size = $size
                       else . end)' "$idx" > "$idx.tmp"
  mv "$idx.tmp" "$idx"
}
