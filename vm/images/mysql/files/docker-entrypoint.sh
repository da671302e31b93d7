#!/bin/sh
# docker-core sandbox: entrypoint of the mysql:5.7 stand-in (MariaDB from Debian). Our own script; it implements the
# documented environment variables of the official mysql image: MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD,
# MYSQL_RANDOM_ROOT_PASSWORD, MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD, and *.sql in /docker-entrypoint-initdb.d.
# The data directory is initialised only when it holds no database yet, so a bind mount
# (-v /opt/mysql/:/var/lib/mysql) keeps its data across docker rm -f and a new docker run.
set -e

note() { echo "$(date -u '+%Y-%m-%dT%H:%M:%S.000000Z') 0 [Note] [Entrypoint]: $*" >&2; }
fail() { echo "$(date -u '+%Y-%m-%dT%H:%M:%S.000000Z') 0 [ERROR] [Entrypoint]: $*" >&2; exit 1; }
# SQL string literal contents: double backslashes and single quotes
sql_str() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g"; }
sql_id() { printf '%s' "$1" | sed -e 's/`/``/g'; }

# `docker run mysql:5.7 --character-set-server=...` passes server options
if [ "${1#-}" != "$1" ]; then set -- mysqld "$@"; fi
case "$1" in
  mysqld|mariadbd) ;;
  *) exec "$@" ;;
esac
shift
for arg; do
  case "$arg" in --help|--version|-V|--verbose) exec mariadbd "$@" ;; esac
done

DATADIR=/var/lib/mysql
for arg; do case "$arg" in --datadir=*) DATADIR=${arg#--datadir=} ;; esac; done

note "Entrypoint script for the mysql:5.7 stand-in (MariaDB $(mariadbd --version | sed 's/.*Ver \([^ ]*\).*/\1/')) started."
mkdir -p "$DATADIR" /run/mysqld
chown mysql:mysql "$DATADIR" /run/mysqld

if [ ! -d "$DATADIR/mysql" ]; then
  if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ] && [ -z "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    fail "Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD"
  fi
  if [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    MYSQL_ROOT_PASSWORD=$(tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 24)
    note "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
  fi
  note "Initializing database files in $DATADIR"
  chown -R mysql:mysql "$DATADIR"
  init=/run/mysqld/init.sql
  umask 077
  {
    # what mariadb-install-db feeds the server (one statement per line in bootstrap mode), without the help
    # tables, the sys schema and the test database
    echo "CREATE DATABASE IF NOT EXISTS mysql;"
    echo "USE mysql;"
    echo "SET @auth_root_socket=NULL;"
    cat /usr/share/mariadb/mariadb_system_tables.sql /usr/share/mariadb/mariadb_performance_tables.sql \
        /usr/share/mariadb/mariadb_system_tables_data.sql /usr/share/mariadb/maria_add_gis_sp_bootstrap.sql
    echo "FLUSH PRIVILEGES;"
    # keep root@localhost (socket, inside the container) and root@'%' (TCP, -p 3306:3306), both with the password
    echo "DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1';"
    echo "EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS ''root''@''', @@hostname, '''');"
    pw=$(sql_str "$MYSQL_ROOT_PASSWORD")
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$pw';"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY '$pw';"
    echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "$MYSQL_DATABASE" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`$(sql_id "$MYSQL_DATABASE")\`;"
    fi
    if [ -n "$MYSQL_USER" ] && [ -n "$MYSQL_PASSWORD" ]; then
      [ "$MYSQL_USER" != root ] || fail "MYSQL_USER=root: use MYSQL_ROOT_PASSWORD for root"
      echo "CREATE USER '$(sql_str "$MYSQL_USER")'@'%' IDENTIFIED BY '$(sql_str "$MYSQL_PASSWORD")';"
      [ -z "$MYSQL_DATABASE" ] || \
        echo "GRANT ALL ON \`$(sql_id "$MYSQL_DATABASE")\`.* TO '$(sql_str "$MYSQL_USER")'@'%';"
    fi
    for f in /docker-entrypoint-initdb.d/*.sql; do
      [ -f "$f" ] || continue
      [ -z "$MYSQL_DATABASE" ] || echo "USE \`$(sql_id "$MYSQL_DATABASE")\`;"
      cat "$f"; echo
    done
  } > "$init"
  umask 022
  if ! mariadbd --user=mysql --datadir="$DATADIR" --bootstrap --skip-networking --log-warnings=0 \
       --enforce-storage-engine="" --max_allowed_packet=8M --net_buffer_length=16K "$@" < "$init" > /run/mysqld/init.log 2>&1; then
    cat /run/mysqld/init.log >&2
    rm -f "$init"
    fail "Database initialization failed"
  fi
  rm -f "$init" /run/mysqld/init.log
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case "$f" in *.sql) note "ran $f" ;; *) note "ignoring $f (this stand-in only runs *.sql)" ;; esac
  done
  note "Database files initialized. MySQL init process done. Ready for start up."
else
  note "Database directory $DATADIR already contains a database: skipping initialization"
fi

exec mariadbd "$@"
