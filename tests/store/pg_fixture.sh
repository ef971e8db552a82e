#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the test run.
#
#   pg_fixture.sh start DIR   initdb + start on a free port; writes DIR/url
#   pg_fixture.sh stop DIR    stops the server and removes it and DIR
#
# initdb refuses to run as root, so as root the server runs as the
# `postgres` user. Its files (data, socket, log) go in a directory of their
# own under /tmp (DIR/server_dir names it), owned by that user: DIR is in
# the build tree, which may sit where `postgres` cannot enter (a clone in
# /root). The URL written to DIR/url is a libpq URI
# (postgresql://seteli@127.0.0.1:PORT/postgres) that the tests read.
set -euo pipefail

cmd=${1:?start|stop}
dir=${2:?directory}

find_bin() {
  local name=$1 candidate
  for candidate in /usr/lib/postgresql/*/bin/"$name"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  command -v "$name" || { echo "pg_fixture: $name not found" >&2; exit 1; }
}

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

case "$cmd" in
  start)
    initdb=$(find_bin initdb)
    pg_ctl=$(find_bin pg_ctl)
    "$0" stop "$dir"
    mkdir -p "$dir"
    server=$(mktemp -d "${TMPDIR:-/tmp}/seteli-pg.XXXXXX")
    echo "$server" >"$dir/server_dir"
    [ "$(id -u)" = 0 ] && chown postgres "$server"
    if ! as_server_user test -w "$server"; then
      echo "pg_fixture: the server user cannot write $server; PostgreSQL cannot start" >&2
      exit 1
    fi
    as_server_user "$initdb" -D "$server/data" -U seteli -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1
    for attempt in 1 2 3 4 5; do
      port=$(free_port)
      if as_server_user "$pg_ctl" -D "$server/data" -l "$server/server.log" -w -t 30 start \
           -o "-p $port -k $server -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null; then
        echo "postgresql://seteli@127.0.0.1:$port/postgres" >"$dir/url"
        exit 0
      fi
    done
    cp "$server/server.log" "$dir/server.log" 2>/dev/null || true
    echo "pg_fixture: could not start PostgreSQL; see $dir/server.log" >&2
    exit 1
    ;;
  stop)
    server=$(cat "$dir/server_dir" 2>/dev/null || true)
    # $dir/data: where the server lived before it had a directory of its own.
    for data in ${server:+"$server/data"} "$dir/data"; do
      if [ -d "$data" ]; then
        as_server_user "$(find_bin pg_ctl)" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
      fi
    done
    # The server's own directory only: one made by `start` under a temp dir.
    case "$server" in */seteli-pg.*) rm -rf "$server" ;; esac
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
