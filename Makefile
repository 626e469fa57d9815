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

.DEFAULT_GOAL := help
.PHONY: help run test bench install install-test translations compile-translations db demo-data browsers clean

help:
	@echo "make run    set everything up and serve the app with demo content on http://$(HOST):$(PORT)"
	@echo "make test   install the test tools and run the whole test suite"
	@echo "make translations   extract, update and compile the UI translations"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

compile-translations: install
	$(BIN)/pybabel compile --use-fuzzy -d translations -f --statistics 2>&1 | tail -n 1

translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _plural:1,2 --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --no-wrap
	$(MAKE) compile-translations

$(SECRET_KEY_FILE):
	@mkdir -p instance
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@

db: install $(SECRET_KEY_FILE)
	$(FLASK) db upgrade

demo-data: db
	$(FLASK) demo-data --if-empty

run: compile-translations demo-data
	@echo "Leerplek runs on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-0} $(FLASK) run --host $(HOST) --port $(PORT)

# Browser tests use the system Chromium; where there is none, Playwright fetches its own.
browsers: install-test
	@if [ -x "$(CHROMIUM)" ]; then echo "Using $(CHROMIUM) for browser tests"; \
	else $(BIN)/python -m playwright install chromium; fi

test: install-test compile-translations browsers
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache

# Budgets (bytes over the wire, offline load time, sync time): a benchmark, run by hand.
bench: install-test compile-translations browsers
	$(BIN)/python bench/budgets.py
