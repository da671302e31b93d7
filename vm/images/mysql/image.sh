# mysql:5.7 — a STAND-IN: there is no MySQL in Debian (and no i386 MySQL 5.7 anywhere). MariaDB, MySQL's drop-in
# fork, from Debian trixie, with an entrypoint of our own that honours the official image's variables and a
# small-memory configuration (the guest has 512 MB beside dockerd).
REF=library/mysql:5.7
FROM=busybox
DEBS="mariadb-server-core mariadb-client-core"
# config-only packages replaced by files/my.cnf
DEBS_SKIP="mariadb-common mysql-common"
MAIN_PKG=mariadb-server-core
DESCRIPTION="Sandbox stand-in for mysql:5.7: NOT MySQL but MariaDB @mariadb-server-core@ (MySQL-compatible; Debian trixie i386 mariadb-server-core + mariadb-client-core, so the mysql command exists) on a BusyBox @busybox-static@ userland, small-memory config, entrypoint honouring MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD, MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD"
CONFIG=(--config.entrypoint docker-entrypoint.sh --config.cmd mysqld
        --config.exposedports 3306/tcp --config.volume /var/lib/mysql)

customize() {
  local r=$1 d
  # what the server does not need here: repair/upgrade tools, help tables, the sys schema, test data, 20 languages
  rm -f "$r"/usr/bin/{innochecksum,mariadb-upgrade,mariadb-install-db,resolveip}
  rm -f "$r"/usr/share/mariadb/{fill_help_tables,mariadb_test_db,mariadb_test_data_timezone,mariadb_sys_schema}.sql
  for d in "$r"/usr/share/mariadb/*/; do
    [ -f "$d/errmsg.sys" ] && case ${d%/} in */english|*/chinese) ;; *) rm -rf "$d" ;; esac
  done
  ln -sf mariadbd "$r/usr/sbin/mysqld"
  echo 'mysql:x:999:999::/var/lib/mysql:/bin/false' >> "$r/etc/passwd"
  echo 'mysql:x:999:' >> "$r/etc/group"
  echo 'mysql:*::0:99999:7:::' >> "$r/etc/shadow"
  mkdir -p "$r/etc/mysql/conf.d" "$r/docker-entrypoint-initdb.d" "$r/var/lib/mysql" "$r/run/mysqld"
  cp "$IMAGE_DIR/files/my.cnf" "$r/etc/mysql/my.cnf"
  install -m 755 "$IMAGE_DIR/files/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  chown 999:999 "$r/var/lib/mysql" "$r/run/mysqld"
}

verify() {
  # initialise a scratch data directory with the entrypoint (run by dash, see test_shell), wait for the server,
  # query it with `mysql`
  rm -rf "$1/tmp/verify-data"
  test_shell "$1"
  in_ns "$1" '
    MYSQL_ROOT_PASSWORD=123456 MYSQL_DATABASE=demo chroot "$R" /tmp/.verify-sh /usr/local/bin/docker-entrypoint.sh mysqld \
      --datadir=/tmp/verify-data > "$R/tmp/verify.log" 2>&1 &
    i=0; until grep -q "ready for connections" "$R/tmp/verify.log"; do
      i=$((i + 1)); [ $i -lt 240 ] || { cat "$R/tmp/verify.log"; exit 1; }; sleep 0.5; done
    chroot "$R" mysql -uroot -p123456 -N -e "select version(); show databases" > "$R/tmp/verify.out" 2>&1 || { cat "$R/tmp/verify.log" "$R/tmp/verify.out"; exit 1; }
    grep -q MariaDB "$R/tmp/verify.out" && grep -qx demo "$R/tmp/verify.out" || { cat "$R/tmp/verify.out"; exit 1; }
    chroot "$R" mysql -h127.0.0.1 --protocol=tcp -uroot -p123456 -N -e "select 42" | grep -qx 42 || { echo "TCP login failed"; exit 1; }
    ! chroot "$R" mysql -uroot -pwrong -e "select 1" 2>/dev/null'
  rm -rf "$1/tmp/verify-data" "$1"/tmp/verify.* "$1"/run/mysqld/* "$1/tmp/.verify-sh"
}
