# portainer/portainer — a STAND-IN, not Portainer: BusyBox httpd on :9000 serves a small page (files/www) that lists
# the engine's containers and images; a CGI script proxies a whitelist of read-only Engine API GETs to the mounted
# /var/run/docker.sock with curl --unix-socket. It shows what the seed wants to show: a container talking to dockerd
# through the socket.
REF=portainer/portainer:latest
FROM=base-curl
DESCRIPTION="Sandbox stand-in for portainer/portainer (NOT Portainer): BusyBox @busybox-static@ httpd on :9000 serving a small read-only page that lists containers and images through the mounted /var/run/docker.sock (curl @curl@ --unix-socket; Debian trixie i386)"
CONFIG=(--config.entrypoint /portainer --config.exposedports 9000/tcp --config.workingdir / --config.volume /data)

customize() {
  local r=$1
  install -m 755 "$IMAGE_DIR/files/portainer" "$r/portainer"
  mkdir -p "$r/www" "$r/data"
  cp -a "$IMAGE_DIR/files/www/." "$r/www/"
  chmod 755 "$r/www/cgi-bin/api"
  chmod -R a+rX "$r/www"
}

verify() {
  # page and CGI answer (no socket in the chroot: the CGI must say so as JSON)
  in_ns "$1" 'chroot "$R" /usr/sbin/httpd -p 127.0.0.1:9000 -h /www && sleep 1 &&
    chroot "$R" curl -fsS http://127.0.0.1:9000/ | grep -q "Portainer (sandbox stand-in)" &&
    chroot "$R" curl -fsS "http://127.0.0.1:9000/cgi-bin/api?info" | grep -q "docker.sock" &&
    chroot "$R" curl -fsS "http://127.0.0.1:9000/cgi-bin/api?nope" | grep -q "not allowed"'
}
