#!/usr/bin/env bash
# A throwaway PostgreSQL server for civic's tests and benchmarks: a new cluster in a folder,
# listening only on a Unix socket in that folder, run as the non-root user `postgres` (the
# server refuses to run as root). Debian's postgresql package provides the programs and the user.
#
#   Scripts/pg-server.sh start [DIR]   # prints the connection string to use
#   Scripts/pg-server.sh stop [DIR]
set -euo pipefail
action=${1:?start or stop}
dir=${2:-/tmp/civic-pg}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-server.sh: PostgreSQL's server programs are not installed (apt-get install postgresql)" >&2; exit 1; }
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $action in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # Tests only: no durability, nothing on TCP.
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" start >/dev/null
    echo "postgresql:///postgres?host=$dir&user=postgres"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) echo "pg-server.sh: start or stop" >&2; exit 64 ;;
esac
