# nginx:alpine — Debian's nginx (no postinst needed: the config below is complete) on the busybox + curl layers.
REF=library/nginx:alpine
# `docker pull nginx` (the seed's example of name resolution) gets the same image
EXTRA_REFS=library/nginx:latest
FROM=base-curl
DEBS=nginx
# debconf only serves nginx-common's maintainer scripts; iproute2 is for Debian's init script.
DEBS_SKIP="debconf iproute2"
MAIN_PKG=nginx
DESCRIPTION="Sandbox stand-in for nginx:alpine: nginx @nginx@ from Debian trixie i386 on a BusyBox @busybox-static@ userland, with curl @curl@ (not Alpine Linux)"
CONFIG=(--config.cmd nginx --config.cmd -g --config.cmd "daemon off;"
        --config.exposedports 80/tcp --config.stopsignal SIGQUIT)

customize() {
  local r=$1
  rm -rf "$r"/etc/nginx/{sites-available,sites-enabled,snippets,modules-available,modules-enabled}
  mkdir -p "$r/etc/nginx/conf.d" "$r/var/log/nginx" "$r"/var/lib/nginx/{body,proxy,fastcgi,uwsgi,scgi} "$r/var/cache/nginx"
  cp "$IMAGE_DIR/files/nginx.conf" "$r/etc/nginx/nginx.conf"
  cp "$IMAGE_DIR/files/default.conf" "$r/etc/nginx/conf.d/default.conf"
  cp "$IMAGE_DIR/files/50x.html" "$r/usr/share/nginx/html/50x.html"
  # `docker logs` shows requests and errors, as with the official image
  ln -sf /dev/stdout "$r/var/log/nginx/access.log"
  ln -sf /dev/stderr "$r/var/log/nginx/error.log"
  chown -R 33:33 "$r/var/lib/nginx" "$r/var/cache/nginx"
}

verify() {
  # the seed's `curl localhost:80` inside the container, for real (private network namespace)
  in_ns "$1" 'chroot "$R" /usr/sbin/nginx -t -q && chroot "$R" /usr/sbin/nginx && sleep 1 &&
    chroot "$R" curl -fsS localhost:80 | grep -q "Welcome to nginx!" && chroot "$R" /usr/sbin/nginx -s quit'
  rm -f "$1/run/nginx.pid"
}
