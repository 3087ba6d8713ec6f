#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the ledger tests (Debian's postgresql package, no service manager needed).
#   eng/postgres-cluster.sh start DIR   initdb into DIR, start on a free port and a socket in DIR,
#                                       print the test connection string (role tollgate, database tollgate)
#   eng/postgres-cluster.sh stop DIR    stop the cluster and remove DIR
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
# The tests' cluster skips fsync (nothing in it must survive a crash); TOLLGATE_PG_DURABLE=1 keeps PostgreSQL's
# defaults (fsync, synchronous commit), as a benchmark of what a real ledger costs needs (eng/bench-serve.sh).
set -euo pipefail
cmd="${1:?start|stop}"; dir="${2:?directory}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "postgres-cluster: no initdb under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    # The password holds URL-reserved characters on purpose: the tests percent-encode it in postgres:// URLs.
    password='t0ll:g@te/p%w'
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    for _ in 1 2 3 4 5 6 7 8; do
      port=$((20000 + RANDOM % 40000))
      durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
      [ "${TOLLGATE_PG_DURABLE:-0}" = 1 ] && durability=""
      # pg_signal_backend: the tests drop a ledger's database under a running server (DROP DATABASE … WITH (FORCE)),
      # which must also end an autovacuum worker that happens to be in it; without it that drop fails now and then.
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability" \
           start >/dev/null 2>&1; then
        as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
          -c "CREATE ROLE tollgate LOGIN CREATEDB CREATEROLE PASSWORD '$password'" -c "CREATE DATABASE tollgate OWNER tollgate" \
          -c "GRANT pg_signal_backend TO tollgate" >&2
        echo "Host=127.0.0.1;Port=$port;Username=tollgate;Password=$password;Database=tollgate"
        exit 0
      fi
    done
    cat "$dir/server.log" >&2 || true
    echo "postgres-cluster: could not start PostgreSQL" >&2; exit 1
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
