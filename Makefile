# Two commands: `make run` serves the demo site, `make test` runs the whole test suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup migrate seed lint check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.requirements

migrate: setup
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo --if-empty

run: seed
	$(MANAGE) runserver $(HOST):$(PORT)

# axe-core (accessibility checks in the browser tests), outside git in node_modules/.
node_modules/axe-core/axe.min.js:
	npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4.14.1

test: setup node_modules/axe-core/axe.min.js
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=qms.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

check: setup
	$(MANAGE) check

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
