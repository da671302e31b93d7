# hello-world:latest — one tiny static i386 program (hello.c, no libc), like Docker's own hello-world.
REF=library/hello-world:latest
FROM=scratch
DESCRIPTION="Sandbox stand-in for hello-world:latest: a 2 KB static i386 program (vm/images/hello-world/hello.c) that explains, in English and Chinese, what docker run just did"
CONFIG=(--config.cmd /hello)

customize() {
  gcc -m32 -static -Os -nostdlib -fno-pie -no-pie -fno-asynchronous-unwind-tables -fno-stack-protector \
      -Wl,--build-id=none -Wl,-z,norelro -Wl,-n -Wall -Wextra -o "$1/hello" "$IMAGE_DIR/hello.c"
  strip -s -R .comment "$1/hello"
}

verify() {
  "$1/hello" > "$W/hello.out" && grep -q 'Hello from Docker' "$W/hello.out"
}
