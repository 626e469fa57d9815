# Leerplek: `make run` to try it, `make test` to check it. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
# The app refuses to start without SECRET_KEY; for `make run` one is made once and kept here.
SECRET_KEY_FILE := instance/secret_key
FLASK := SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" $(BIN)/flask --app wsgi
CHROMIUM ?= /usr/bin/chromium
# Everything pip installs is pinned with hashes in the lock files, which `make lock` writes from the
# ranges in pyproject.toml; the app itself is installed editable, so it runs from this checkout.
PIP_INSTALL := $(BIN)/pip install --quiet --require-hashes
PIP_TOOLS := pip-tools==7.6.2
LOCK = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host $(LOCK_ARGS)

.DEFAULT_GOAL := help
.PHONY: help run test lint bench bench-scale bench-throughput install install-test lock \
	translations compile-translations db demo-data browsers clean

help: ## list these targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "make %-21s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: compile-translations demo-data ## set everything up and serve the app with demo content (PORT=5000)
	@echo "Leerplek runs on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-0} $(FLASK) run --host $(HOST) --port $(PORT)

# The tests without a browser run on TEST_WORKERS processes (pytest-xdist), the browser tests one
# at a time: they measure load times and delays, which a second busy process would blur. Tests
# marked xdist_group (the two app servers) stay together on one process (--dist loadgroup). Exit
# code 5 ("no tests selected") is fine when PYTEST_ARGS picks tests of one kind only.
TEST_WORKERS ?= 2
test: install-test compile-translations browsers ## run the whole test suite (PYTEST_ARGS="-k admin" for a part)
	$(BIN)/python -m pytest -m "not browser" -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

# All three run, so one pass shows every finding; the target fails if any of them failed.
lint: install-test ## ruff check, ruff format --check and mypy
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	$(BIN)/mypy || status=1; \
	exit $$status

# Budgets (bytes over the wire, offline load time, sync time): a benchmark, run by hand.
bench: install-test compile-translations browsers ## measure the size and speed budgets in Chromium
	$(BIN)/python bench/budgets.py

# National scale (issue 11): loads a PostgreSQL database with COPY (SCALE_DATABASE_URL, default
# database "bench" on 127.0.0.1; it is replaced) at 1/10 and full size and times the pages in
# gunicorn: 15 to 30 minutes. BENCH_SCALE_ARGS="--scale 0.1" for one size, "--reuse" to keep
# databases loaded before.
bench-scale: install-test compile-translations ## time the pages on 20,000 learners in PostgreSQL
	$(BIN)/python bench/scale.py $(BENCH_SCALE_ARGS)

# Card page throughput (issue 11): a learner's card page against a one-route hello app, both in
# gunicorn with 2 workers, measured with wrk (apt-get install wrk) on PostgreSQL (database
# bench_tp on 127.0.0.1, replaced); BENCH_THROUGHPUT_ARGS="--sqlite" for SQLite.
bench-throughput: install-test compile-translations ## card page req/s as a share of a hello app's (goal 25%)
	$(BIN)/python bench/throughput.py $(BENCH_THROUGHPUT_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PIP_INSTALL) -r requirements-test.txt
	@touch $@

install: $(VENV)/.installed ## install the app and its pinned dependencies into .venv
install-test: $(VENV)/.installed-test ## install the pinned test and lint tools too

lock: | $(BIN)/python ## re-pin requirements*.txt from pyproject.toml (LOCK_ARGS=--upgrade for newest)
	$(BIN)/pip install --quiet $(PIP_TOOLS)
	$(LOCK) -o requirements.txt pyproject.toml
	$(LOCK) --extra s3 -c requirements.txt -o requirements-s3.txt pyproject.toml
	$(LOCK) --extra s3 --extra test --extra lint -c requirements.txt -o requirements-test.txt pyproject.toml

$(SECRET_KEY_FILE):
	@mkdir -p instance
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@

compile-translations: install $(SECRET_KEY_FILE) ## compile the UI translations (.mo files are not in git)
	$(FLASK) translate compile

translations: install $(SECRET_KEY_FILE) ## extract the UI strings, update the catalogs and compile them
	$(FLASK) translate update
	$(MAKE) compile-translations

db: install $(SECRET_KEY_FILE) ## apply the database migrations (instance/leerplek.db, or DATABASE_URL)
	$(FLASK) db upgrade

demo-data: db ## load the demo content when the database has no users yet
	$(FLASK) demo-data --if-empty

# Browser tests use the system Chromium; where there is none, Playwright fetches its own.
browsers: install-test ## make sure there is a Chromium for the browser tests
	@if [ -x "$(CHROMIUM)" ]; then echo "Using $(CHROMIUM) for browser tests"; \
	else $(BIN)/python -m playwright install chromium; fi

clean: ## remove .venv, instance/ (the demo database and secret key) and caches
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
