# alpine:latest — there are no i386 Alpine packages in Debian: the busybox layer with an Alpine-like default command.
# Pulling it after busybox shows "Already exists" for the shared layer.
REF=library/alpine:latest
FROM=busybox
LAYER=none
DESCRIPTION="Sandbox stand-in for alpine:latest: NOT Alpine Linux (no apk, no musl) but BusyBox @busybox-static@ from Debian trixie i386 - the same layer as busybox:latest"
CONFIG=(--config.cmd /bin/sh)
