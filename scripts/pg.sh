#!/usr/bin/env bash
# Start a local PostgreSQL for tests if none answers, and print its URL as the last line.
# GUICHET_PG_BIN: the server's bin directory (default: Debian's, installed when missing);
# scripts/pg-vector.sh uses it to start the pgvector build on another port.
set -euo pipefail
PORT="${GUICHET_PG_PORT:-55432}"
DATADIR="${GUICHET_PG_DATA:-/tmp/guichet-pg-$PORT}"
URL="postgresql://guichet:guichet@127.0.0.1:$PORT/guichet"

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

BIN="${GUICHET_PG_BIN:-$(find_bin || true)}"
if [ -z "$BIN" ]; then
  echo "installing PostgreSQL from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "$URL"
  exit 0
fi

RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  RUN_AS=(runuser -u postgres --)
fi

if [ ! -s "$DATADIR/PG_VERSION" ]; then
  mkdir -p "$DATADIR"
  [ "$(id -u)" = "0" ] && chown postgres "$DATADIR"
  "${RUN_AS[@]}" "$BIN/initdb" -D "$DATADIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
fi
[ "$(id -u)" = "0" ] && chown -R postgres "$DATADIR"
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATADIR" -l "$DATADIR/server.log" -w \
  -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'guichet') THEN
    CREATE ROLE guichet LOGIN SUPERUSER PASSWORD 'guichet';
  END IF;
END \$\$;
SQL
"${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname='guichet'" | grep -q 1 \
  || "${PSQL[@]}" -c "CREATE DATABASE guichet OWNER guichet" >&2
echo "$URL"
