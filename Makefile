# Keep it Local Award: everyday commands. Nothing here needs an activated virtualenv.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core by default; PYTEST_WORKERS=0 runs in this process alone.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist load
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv run demo-code test test-postgres lint check browsers bench

help: ## List the targets
	@echo "Keep it Local Award. Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install requirements-dev.txt (quick when nothing changed)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Links in emails, the sitemap and the API point at wherever `make run` serves (PORT=8311 make run).
DEMO_ENV = DJANGO_ENV=development WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT)

run: venv ## Migrate, load the demo data, print the sign-ins, serve 127.0.0.1:8000 (PORT=8311 make run)
	@mkdir -p var
	@echo "Migrating and loading the demo data (WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT))..."
	@$(DEMO_ENV) $(MANAGE) migrate --no-input --verbosity 0
	@$(DEMO_ENV) $(MANAGE) load_demo_data
	@$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

demo-code: venv ## The demo accounts' current authenticator code (development only)
	@DJANGO_ENV=development $(MANAGE) demo_totp_code

test: venv browsers ## The whole test suite on SQLite in parallel, browser tests included (PYTEST_ARGS="-k evidence" narrows it)
	env -u DATABASE_URL DJANGO_ENV=test $(PYTEST) $(PYTEST_ARGS)

test-postgres: venv browsers ## The whole suite in parallel on PostgreSQL (127.0.0.1:5432, a test database per worker)
	DJANGO_ENV=test DATABASE_URL=$(POSTGRES_TEST_URL) $(PYTEST) $(PYTEST_ARGS)

bench: venv ## The benchmark suite on SQLite and PostgreSQL (~12 min; not part of make test; see tests/bench/README.md)
	env -u DATABASE_URL $(BIN)/python tests/bench/run.py $(BENCH_ARGS)

lint: venv ## ruff check, ruff format --check and the import contracts (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: venv ## Django's system checks and a check that migrations match the models
	DJANGO_ENV=test $(MANAGE) check
	DJANGO_ENV=test $(MANAGE) makemigrations --check --dry-run

browsers: ## Debian's Chromium (apt) and axe-core (npm) for the browser tests; quick when present
	test -x /usr/bin/chromium || $(SUDO) apt-get install -y chromium || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)
	if [ -f package.json ]; then $(MAKE) --no-print-directory node_modules/.package-lock.json; fi

# npm writes node_modules/.package-lock.json on every install: it is the stamp of an up-to-date install.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
