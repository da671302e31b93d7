# busybox:latest — and the BusyBox userland layer most other sandbox images start FROM.
REF=library/busybox:latest
FROM=scratch
DEBS=busybox-static
MAIN_PKG=busybox-static
DESCRIPTION="Sandbox stand-in for busybox:latest: BusyBox @busybox-static@ (Debian trixie busybox-static, i386, statically linked) with /etc/passwd and /etc/group"
CONFIG=(--config.cmd sh)

customize() {
  local r=$1 path
  # merged /usr like Debian: later layers unpack Debian packages, which put everything under /usr
  mkdir -p "$r"/usr/{bin,sbin,lib,local/bin}
  for path in bin sbin lib; do ln -sfn "usr/$path" "$r/$path"; done
  # one symlink per applet (what `busybox --install -s` does), asking the i386 binary itself through qemu
  "$r/usr/bin/busybox" --list-full | while read -r path; do
    case $path in bin/*|sbin/*) path=usr/$path ;; esac
    [ -e "$r/$path" ] || [ -L "$r/$path" ] || ln -s /usr/bin/busybox "$r/$path"
  done
  mkdir -p "$r"/{dev,proc,sys,etc,home,run,var/log,var/spool,var/www,var/lib,var/cache,usr/local/sbin}
  install -d -m 1777 "$r/tmp" "$r/var/tmp"
  install -d -m 700 "$r/root"
  cp "$IMAGE_DIR/passwd" "$r/etc/passwd"
  cp "$IMAGE_DIR/group" "$r/etc/group"
  sed 's/^\([^:]*\):.*/\1:*::0:99999:7:::/' "$IMAGE_DIR/passwd" > "$r/etc/shadow"
  chmod 600 "$r/etc/shadow"
  printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n' \
    > "$r/etc/nsswitch.conf"
}

verify() {
  in_ns "$1" 'chroot "$R" /bin/sh -c "exit 0" && chroot "$R" ps aux >/dev/null && chroot "$R" id www-data >/dev/null &&
    echo hi | chroot "$R" grep -q hi'
}
