# The archive's commands. Everything installs itself into .venv from the pinned requirements.
#   make serve   convert the essays, build the site and preview it on http://127.0.0.1:8000/
#   make test    lint, check docs/ is up to date, run every test
#   make site    convert the essays and build the static site into site/
#   make expected  regenerate tests/cases/**/*.expected (review the diff!)
#   make browser   install Debian's Chromium for the browser tests, if /usr/bin/chromium is missing
#   make lighthouse  score the built site against a plain Material site (bench/lighthouse-results.md)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test convert check lint expected clean browser lighthouse

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

convert: $(BIN)/.installed
	$(BIN)/python build_archive.py

# Pagefind indexes the built pages into site/pagefind/ (the search page loads it); see pagefind.yml.
site: convert
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m pagefind --quiet

# The converter watches essays/ and rewrites docs/; mkdocs serve watches docs/ and reloads.
serve: site
	$(BIN)/python build_archive.py --watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

check: $(BIN)/.installed
	$(BIN)/python build_archive.py --check

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests drive Debian's Chromium through Playwright (never `playwright install`, which downloads
# a browser build from outside the package registries). Liberation fonts: without any font, text has no width
# and layout checks mean nothing. CI runs as root; elsewhere sudo, if there is one.
CHROMIUM := /usr/bin/chromium
FONTS := /usr/share/fonts/truetype/liberation
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

browser:
	test -x $(CHROMIUM) -a -d $(FONTS) || { $(SUDO) apt-get update \
		&& $(SUDO) apt-get install -y --no-install-recommends chromium fonts-liberation; }

test: lint check browser
	$(BIN)/python -m pytest

# A benchmark, not a test: Lighthouse 12 (npm, pinned in bench/lighthouse/package-lock.json) with Debian's
# Chromium, on this site and on a plain Material site of the same essays. package.json overrides two of
# Lighthouse's dependencies that ask for "latest", so that npm ci keeps the locked versions.
lighthouse: $(BIN)/.installed browser
	cd bench/lighthouse && npm ci --no-audit --no-fund
	$(BIN)/python -m bench.run_lighthouse

expected: $(BIN)/.installed
	$(BIN)/python -m tests.regen

clean:
	rm -rf site $(VENV)
