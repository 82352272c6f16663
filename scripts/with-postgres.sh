#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster on loopback:
# initdb into a temporary folder, start it, export DATABASE_URL, run, stop, remove.
set -eu
bindir=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
tmp=$(mktemp -d /tmp/mentoring-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$tmp"; fi
chmod 700 "$tmp"
cleanup() {
  as_pg "'$bindir/pg_ctl' -D '$tmp/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
as_pg "'$bindir/initdb' -D '$tmp/data' -U postgres -A trust -E UTF8 --no-locale" >/dev/null
as_pg "'$bindir/pg_ctl' -D '$tmp/data' -l '$tmp/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$tmp' -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
echo "PostgreSQL running on 127.0.0.1:$port (data in $tmp)"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/mentoring"
set +e
"$@"
rc=$?
exit $rc
