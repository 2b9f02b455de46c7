# The archive's commands. Everything installs itself into .venv from the pinned requirements.
#   make serve   convert the essays, build the site and preview it on http://127.0.0.1:8000/
#   make test    lint, check docs/ is up to date, run every test
#   make site    convert the essays and build the static site into site/
#   make expected  regenerate tests/cases/**/*.expected (review the diff!)
#   make bench   benchmark 100, 1,000 and 5,000 synthetic essays into bench/results.md (long);
#                make bench N=100 for a quick run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ZENSICAL_VENV := .venv-zensical
N ?= 100 1000 5000
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test convert check lint expected clean bench

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Zensical in its own venv: its dependencies never meet MkDocs' pins.
$(ZENSICAL_VENV)/bin/.installed: requirements-zensical.txt
	test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@

$(BIN)/.bench-installed: requirements-bench.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

# The browser for first-visit and search measurements: Debian's, when it is missing.
/usr/bin/chromium:
	apt-get update && apt-get install -y chromium

convert: $(BIN)/.installed
	$(BIN)/python build_archive.py

site: convert
	$(BIN)/mkdocs build --strict

# The converter watches essays/ and rewrites docs/; mkdocs serve watches docs/ and reloads.
# --dirty rebuilds only the pages that changed (an edit shows in ~2 s at 1,000 essays instead of
# ~16 s); a dirty build warns that it is dirty, so it runs without --strict (make site is strict).
serve: site
	$(BIN)/python build_archive.py --watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

check: $(BIN)/.installed
	$(BIN)/python build_archive.py --check

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint check $(ZENSICAL_VENV)/bin/.installed
	$(BIN)/python -m pytest

bench: $(BIN)/.bench-installed $(ZENSICAL_VENV)/bin/.installed /usr/bin/chromium
	$(BIN)/python -m bench.run --sizes $(N)

expected: $(BIN)/.installed
	$(BIN)/python -m tests.regen

clean:
	rm -rf site $(VENV) $(ZENSICAL_VENV) bench/work .build_archive_cache
