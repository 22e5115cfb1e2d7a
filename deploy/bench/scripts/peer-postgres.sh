#!/usr/bin/env bash
# A throwaway PostgreSQL for the benchmark's peer figures (docs/benchmark.md, "Against the peer"): Debian's
# PostgreSQL 15 server binaries, a cluster of its own under /tmp on a loopback port, fsync and synchronous commit on
# (the defaults), so that stock Axon's JdbcEventStorageEngine is measured as a user would run it.
#
#   deploy/bench/scripts/peer-postgres.sh start [PORT]   # prints the JDBC URL to give to bench --peer=...
#   deploy/bench/scripts/peer-postgres.sh stop
#
# Needs the package postgresql-15 (apt-get install -y postgresql-15); as root it runs the server as user postgres.
set -euo pipefail

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
dir=${PEER_PG_DIR:-/tmp/opportunity-engine-peer-pg}
port=${2:-55432}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    if [ ! -x "$bin/initdb" ]; then
      echo "no PostgreSQL server binaries in $bin (apt-get install -y postgresql-15, or set PG_BIN)" >&2
      exit 1
    fi
    if [ ! -d "$dir/data" ]; then
      mkdir -p "$dir"
      if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
      as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=50" \
      start >/dev/null
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtA \
      -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench') THEN CREATE ROLE bench LOGIN PASSWORD 'bench'; END IF; END \$\$;" >/dev/null
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtA \
        -c "SELECT 1 FROM pg_database WHERE datname = 'bench'" | grep -q 1; then
      as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtA -c "CREATE DATABASE bench OWNER bench" >/dev/null
    fi
    echo "jdbc:postgresql://127.0.0.1:$port/bench?user=bench&password=bench"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
      rm -rf "$dir"
    fi
    ;;
  *)
    echo "usage: $0 start [PORT] | stop" >&2
    exit 2
    ;;
esac
