# Internal base (not pushed): busybox + curl and its libraries from Debian. nginx:alpine and the portainer stand-in
# share this layer, so the second of them pulls only its own small layer.
REF=""
FROM=busybox
DEBS=curl
# plugins nothing here loads: SASL's Berkeley-DB password store (pulls libdb, 2 MB) and OpenSSL's legacy provider
DEBS_SKIP="libsasl2-modules-db openssl-provider-legacy"

customize() {
  local r=$1
  # libbrotli1 ships encoder and decoder; curl only decodes
  rm -f "$r"/usr/lib/i386-linux-gnu/libbrotlienc.so*
}

verify() {
  in_root "$1" /usr/bin/curl --version >/dev/null
}
