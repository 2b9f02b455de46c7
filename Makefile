# The archive's commands. Everything installs itself into .venv from the pinned requirements.
#   make serve   convert the essays, build the site and preview it on http://127.0.0.1:8000/
#   make test    lint, check docs/ is up to date, run every test
#   make site    convert the essays and build the static site into site/
#   make expected  regenerate tests/cases/**/*.expected (review the diff!)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test convert check lint expected clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

convert: $(BIN)/.installed
	$(BIN)/python build_archive.py

# Pagefind indexes the built pages into site/pagefind/ (the search page loads it).
site: convert
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m pagefind --site site --quiet

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

test: lint check
	$(BIN)/python -m pytest

expected: $(BIN)/.installed
	$(BIN)/python -m tests.regen

clean:
	rm -rf site $(VENV)
