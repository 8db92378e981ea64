#!/usr/bin/env bash
# The whole suite: static checks, then pytest on SQLite and, when GUICHET_PG_URL is set, on PostgreSQL;
# then search and the knowledge base again on a PostgreSQL with pgvector (scripts/pg-vector.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
export GUICHET_DEV=1 PYTHONUNBUFFERED=1
mkdir -p var
status=0
summary=()

step() { echo "== $*" >&2; }

step "browser (Debian chromium) for the end-to-end tests"
bash scripts/browser.sh || { echo "chromium could not be installed" >&2; exit 1; }
step "mail servers (Debian dovecot) for the email tests"
bash scripts/mailservers.sh || { echo "dovecot could not be installed" >&2; exit 1; }

step "ruff"
$VENV/bin/ruff check guichet bench tests || status=1
$VENV/bin/ruff format --check guichet bench tests || status=1
step "mypy"
$VENV/bin/mypy guichet || status=1
step "makemigrations --check"
$VENV/bin/python manage.py makemigrations --check --dry-run >/dev/null || { echo "missing migrations" >&2; status=1; }

run_suite() {
  local name="$1" log="var/pytest-$1.log"
  step "pytest on $name"
  $VENV/bin/python -m pytest -q -n 2 --dist loadgroup -p no:randomly "${@:2}" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line
  line="$(grep -E '^(=+ )?[0-9]+ (passed|failed)|no tests ran' "$log" | tail -n 1 | sed 's/=//g')"
  summary+=("$name: ${line:-no summary (exit $rc)}")
  [ "$rc" = "0" ] || status=1
}

GUICHET_DB_URL= run_suite sqlite
if [ -n "${GUICHET_PG_URL:-}" ]; then
  if ! $VENV/bin/python scripts/check_db.py "$GUICHET_PG_URL"; then
    echo "GUICHET_PG_URL is set but PostgreSQL does not answer: $GUICHET_PG_URL" >&2
    exit 1
  fi
  GUICHET_DB_URL="$GUICHET_PG_URL" run_suite postgresql
else
  summary+=("postgresql: not run (GUICHET_PG_URL unset)")
fi

# Search vectors live in PostgreSQL where pgvector exists (docs/search.md); Debian's PostgreSQL
# has none, so this path gets its own server, always: a run where it cannot start fails.
step "PostgreSQL with pgvector (scripts/pg-vector.sh)"
PGVECTOR_URL="$(bash scripts/pg-vector.sh | tail -n 1)" || PGVECTOR_URL=""
if [ -n "$PGVECTOR_URL" ] && $VENV/bin/python scripts/check_db.py "$PGVECTOR_URL"; then
  GUICHET_DB_URL="$PGVECTOR_URL" GUICHET_REQUIRE_PGVECTOR=1 run_suite pgvector guichet/search guichet/knowledge
else
  echo "the PostgreSQL with pgvector did not start (bash scripts/pg-vector.sh; its log is in /tmp/guichet-pgvector-55433/server.log)" >&2
  summary+=("pgvector: FAILED: its PostgreSQL did not start")
  status=1
fi

echo
echo "== summary"
for line in "${summary[@]}"; do echo "$line"; done
exit $status
