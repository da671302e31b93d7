# Internal base (not pushed): busybox + curl and its libraries from Debian. nginx:alpine and the portainer stand-in
# share this layer, so the second of them pulls only its own small layer.
REF=""
FROM=busybox
DEBS=curl
# plugins nothing here loads: SASL's Berkeley-DB password store (pulls libdb, 2 MB) and OpenSSL's legacy provider
DEBS_SKIP="libsasl2-modules-db openssl-provider-legacy"

customize() {
  local r=$1
  local l=$r/usr/lib/i386-linux-gnu
  # libbrotli1 ships encoder and decoder; curl only decodes
  rm -f "$l"/libbrotlienc.so*
  # Files no program of this image or of nginx:alpine/portainer loads (check_libs of every image built on this one
  # proves nothing NEEDs them): glibc's libm and compat libraries, NSS modules nsswitch.conf does not name
  # (passwd/group: files, built into libc), Kerberos' SPAKE pre-auth plugin, OpenSSL's engines. 1.8 MB of 24.7 MB;
  # nginx:alpine's 10 MB budget needs it (see vm/images/README.md, "Sizes").
  rm -f "$l"/{libm.so.6,libnsl.so.1,libBrokenLocale.so.1,libanl.so.1,libnss_compat.so.2,libnss_hesiod.so.2}
  rm -rf "$l"/krb5/plugins/preauth "$l"/engines-3
}

verify() {
  in_root "$1" /usr/bin/curl --version >/dev/null
}
