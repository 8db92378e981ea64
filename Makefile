# Guichet: `make run` starts the app on SQLite with demo data; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test pg lint typecheck bench-api bench-triage bench-search bench-search-scale bench-sla bench-email install browser clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip >&2
	$(PY) -m pip install -q -e '.[dev]' >&2
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@bash scripts/run.sh

test: $(STAMP)
	@bash scripts/test.sh

pg:
	@bash scripts/pg.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check guichet bench tests
	$(VENV)/bin/ruff format --check guichet bench tests

typecheck: $(STAMP)
	$(VENV)/bin/mypy guichet

bench-api: $(STAMP)
	@$(PY) bench/api.py

bench-triage: $(STAMP)
	@$(PY) bench/triage.py $(if $(DATA),--data "$(DATA)",)

bench-search: $(STAMP)
	@$(PY) bench/search.py $(if $(DATA),--data "$(DATA)",)

bench-search-scale: $(STAMP)
	@$(PY) bench/search_scale.py

bench-sla: $(STAMP)
	@$(PY) bench/sla.py

bench-email: $(STAMP)
	@$(PY) bench/mail_ingest.py $(if $(DATA),--data "$(DATA)",)

browser:
	@bash scripts/browser.sh

clean:
	rm -rf var/test*.sqlite3* .pytest_cache .mypy_cache .ruff_cache
