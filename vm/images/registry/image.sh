# registry:2 — Debian's build of the Docker Distribution registry (the same program as the official image).
REF=library/registry:2
FROM=busybox
DEBS=docker-registry
# adduser/passwd/debconf/init-system-helpers only serve the package's maintainer scripts (system user, service)
DEBS_SKIP="adduser passwd debconf init-system-helpers"
MAIN_PKG=docker-registry
DESCRIPTION="Sandbox stand-in for registry:2: the Docker Distribution registry @docker-registry@ from Debian trixie i386 (package docker-registry) on a BusyBox @busybox-static@ userland"
CONFIG=(--config.entrypoint registry --config.cmd serve --config.cmd /etc/docker/registry/config.yml
        --config.exposedports 5000/tcp --config.volume /var/lib/registry)

customize() {
  local r=$1
  ln -sf docker-registry "$r/usr/bin/registry"
  rm -f "$r/etc/docker/registry/htpasswd"
  # Debian's config.yml, made like the official image's: storage in /var/lib/registry (the VOLUME), no htpasswd
  # auth (docker push to localhost:5000 works without a login, as in the seed)
  awk '/^auth:/ { skip = 1; next } skip && /^ / { next } { skip = 0 }
       /rootdirectory:/ { sub(/rootdirectory:.*/, "rootdirectory: /var/lib/registry") } { print }' \
    "$r/etc/docker/registry/config.yml" > "$r/etc/docker/registry/config.yml.new"
  mv "$r/etc/docker/registry/config.yml.new" "$r/etc/docker/registry/config.yml"
  grep -q 'rootdirectory: /var/lib/registry' "$r/etc/docker/registry/config.yml" || die "registry: unexpected config.yml"
  ! grep -q '^auth:' "$r/etc/docker/registry/config.yml" || die "registry: auth section left"
  mkdir -p "$r/var/lib/registry"
}

verify() {
  # static checks only: Go's i386 runtime does not start reliably under qemu-user (thread creation), it does in the VM
  readelf -h "$1/usr/bin/docker-registry" | grep -q 'Intel 80386'
  [ "$(readlink "$1/usr/bin/registry")" = docker-registry ]
}
