#!/usr/bin/env bash
# `make run`: migrate, load the demo data (core now, history in the background), start the
# background worker and the web server on http://127.0.0.1:8000. See docs/demo.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDRESS="${GUICHET_RUN_ADDRESS:-127.0.0.1:8000}"
export GUICHET_DEV="${GUICHET_DEV:-1}" PYTHONUNBUFFERED=1
mkdir -p var
started=$SECONDS
children=()

say() { printf '== %s\n' "$*" >&2; }

stop() {  # TERM, then KILL after 10 s
  local pid="$1" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 50 ]; do sleep 0.2; waited=$((waited + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  for pid in ${children[@]+"${children[@]}"}; do stop "$pid"; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "database: migrate"
$PY manage.py migrate --no-input -v0
$PY manage.py createcachetable

say "demo data: brands, people, logins and recent tickets"
$PY manage.py demo_setup --phase core --if-empty

say "demo data: help centres, guided flows and widget rules (kb_demo, once)"
$PY manage.py kb_demo

say "demo data: six months of history, in the background (log: var/demo-history.log)"
$PY manage.py demo_setup --phase history --if-empty >var/demo-history.log 2>&1 &
children+=($!)

worker=guichet_worker
[ -f guichet/jobs/management/commands/guichet_worker.py ] || worker=db_worker
say "background jobs: $worker (log: var/worker.log)"
$PY manage.py "$worker" >var/worker.log 2>&1 &
children+=($!)

say "web server: http://$ADDRESS/ (set up in $((SECONDS - started)) s; Ctrl-C stops everything)"
GUICHET_DEBUG=1 $PY manage.py runserver "$ADDRESS" --noreload --skip-checks
