# Two commands: `make run` serves the demo site, `make test` runs the whole test suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup migrate seed lint check clean browser-deps

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

# A Debian package the tests need, installed when its command is missing and this user may (root, or sudo that
# asks no password); otherwise stop at once with the command to run. $(1): the command, $(2): the package.
define ensure_debian_package
	@command -v $(1) >/dev/null 2>&1 || { \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "make test needs $(1): install $(2) with this system's package manager (on Debian: apt-get install $(2))" >&2; exit 1; \
	  elif [ "$$(id -u)" = 0 ]; then as_root=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo -n"; \
	  else echo "make test needs $(1); install it, then run make test again:" >&2; \
	    echo "    sudo apt-get update -qq && sudo apt-get install -y -qq $(2)" >&2; exit 1; fi; \
	  echo "== installing $(2) (apt-get) for the browser tests"; \
	  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; }
endef

# The browser tests (tests/browser) drive Debian's chromium through Playwright (no browser download of its own),
# and npm fetches axe-core for their accessibility checks.
browser-deps:
	$(call ensure_debian_package,/usr/bin/chromium,chromium)
	$(call ensure_debian_package,npm,npm)

# axe-core (accessibility checks in the browser tests), outside git in node_modules/.
node_modules/axe-core/axe.min.js: | browser-deps
	npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4.14.1

test: setup browser-deps node_modules/axe-core/axe.min.js
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=qms.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

check: setup
	$(MANAGE) check

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
