# Mitwirken — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-sqlite test-postgres test-browser bench faults install lint format messages compilemessages check clean demo

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

## Serve the demo on http://127.0.0.1:8000 (SQLite, nothing else needed).
run: install compilemessages
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Mitwirken runs at http://$(HOST):$(PORT)/   (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Demo accounts (password: mitwirken-demo):"
	@echo "    organiser   prozessleitung@demo.mitwirken.de   (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "    moderator   moderation@demo.mitwirken.de"
	@echo "    participant teilnahme@demo.mitwirken.de"
	@echo "  E-mails (sign-up verification, login codes) are printed in this terminal."
	@echo ""
	@echo "  Pages as visitors see them (the platform's own 404 and 500 pages): DEBUG=true make run for Django's debug pages."
	DEBUG=$${DEBUG:-false} $(PY) manage.py runserver $(HOST):$(PORT)

## The whole suite: SQLite, PostgreSQL (if reachable) and the browser tests.
test: install compilemessages
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	@mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run
	bash scripts/test.sh

test-sqlite: install compilemessages
	bash scripts/test.sh sqlite

test-postgres: install compilemessages
	bash scripts/test.sh postgres

test-browser: install compilemessages
	bash scripts/test.sh browser

## Load test on PostgreSQL with gunicorn; figures printed at the end.
bench: install compilemessages
	bash scripts/bench.sh

## Submissions while app workers are killed and PostgreSQL restarts (restarts the
## machine's PostgreSQL: not part of `make test` or CI).
faults: install compilemessages
	bash scripts/faults.sh

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# English is the source language (no catalogue); a translator adds a language with
# `make messages LANGS="de ar"` and fills in locale/ar/LC_MESSAGES/django.po.
LANGS ?= de ar fa uk ru tr
messages: install
	cd src/mitwirken && ../../$(PY) ../../manage.py makemessages $(foreach l,$(LANGS),-l $(l)) --no-obsolete --ignore 'static/*'

# The compiled catalogues are committed, so a machine without gettext still runs.
compilemessages: install
	@if command -v msgfmt >/dev/null; then cd src/mitwirken && ../../$(PY) ../../manage.py compilemessages -v0; \
	else echo "msgfmt not found: using the committed .mo catalogues"; fi

check: install
	MITWIRKEN_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
