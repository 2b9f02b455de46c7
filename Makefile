# The archive's commands. Everything installs itself into .venv from the pinned requirements.
#   make serve   convert the essays, build the site and preview it on http://127.0.0.1:8000/ (live reload, no search)
#   make preview build the site as GitHub Pages would and serve it on http://127.0.0.1:8001/<folder>/
#                (subpath, 404 page, search), in .preview/: docs/ and site/ stay as they are
#   make test    lint, check docs/ is up to date, run every test
#   make test-fast  the tests not marked slow (no browser, site builds, crash or property tests): < 1 min
#   make site    convert the essays, build the static site into site/ and verify it (STRICT=1: stop on a
#                failing essay; without it, it keeps its last good page and the site is built)
#   make expected  regenerate tests/cases/**/*.expected (review the diff!)
#   make accuracy  score the metadata read from tests/cases/corpus into tests/accuracy.md
#   make browser   install Debian's Chromium for browser tests and benchmarks, if it is missing
#   make lighthouse  score the built site against a plain Material site (bench/lighthouse-results.md)
#   make bench   benchmark 100, 1,000 and 5,000 synthetic essays into bench/results.md (long);
#                make bench N=100 for a quick run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ZENSICAL_VENV := .venv-zensical
N ?= 100 1000 5000
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve preview test test-fast accuracy convert check lint expected clean browser lighthouse bench

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Zensical in its own venv: its dependencies never meet MkDocs' pins.
$(ZENSICAL_VENV)/bin/.installed: requirements-zensical.txt
	test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@

# STRICT=1: stop when an essay fails to convert. Without it (make site, make serve, the Pages
# workflow), the site is built anyway: a failing essay keeps its last good page, every problem is
# printed (on GitHub, as annotations on the file and line), and the run says so. make test and
# --check are always strict. Exit 2 (the run could not start: a broken catalog) always stops.
STRICT ?=
convert: $(BIN)/.installed
	@status=0; $(BIN)/python build_archive.py || status=$$?; \
	if [ $$status -eq 1 ] && [ -z "$(STRICT)" ]; then \
		echo "make: essays failed (listed above): the site keeps their last good pages; STRICT=1 stops here instead" >&2; \
	elif [ $$status -ne 0 ]; then exit $$status; fi

# Pagefind indexes the built pages into site/pagefind/ (the search page loads it); see pagefind.yml.
# --verify then reads site/: every paragraph verbatim on its page, metadata as the front matter
# says, no markup that came from essay text (exit 1 on any problem).
site: convert
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m pagefind --quiet
	$(BIN)/python build_archive.py --verify $(if $(STRICT),,--allow-failed)

# The converter watches essays/ and rewrites docs/; mkdocs serve watches docs/ and reloads.
# --dirty rebuilds only the pages that changed (an edit shows in ~2 s at 1,000 essays instead of
# ~16 s); a dirty build warns that it is dirty, so it runs without --strict (make site is strict).
serve: site
	$(BIN)/python build_archive.py --watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

# The site as GitHub Pages serves it, before a push: built for http://127.0.0.1:PORT/<this folder's name>/ (the
# subpath a project site gets), with Pagefind and the 404 page, then served by preview.py. The build happens in
# a copy (.preview/) because the converter writes the site's address into docs/ (citations, feeds), which is
# committed for the default address; docs/ and site/ are left as they are. PREVIEW_PORT and PREVIEW_PATH
# change the address. Without STRICT, like make site, a failing essay keeps its last good page.
PREVIEW_DIR := .preview
PREVIEW_PORT ?= 8001
PREVIEW_PATH ?= $(notdir $(CURDIR))
preview: $(BIN)/.installed
	rm -rf $(PREVIEW_DIR)/docs $(PREVIEW_DIR)/essays $(PREVIEW_DIR)/overrides $(PREVIEW_DIR)/site
	mkdir -p $(PREVIEW_DIR)
	cp -R docs essays overrides mkdocs.yml events.yml pagefind.yml $(PREVIEW_DIR)/
	cd $(PREVIEW_DIR) && export SITE_URL="http://127.0.0.1:$(PREVIEW_PORT)/$(PREVIEW_PATH)/" \
		&& { $(abspath $(BIN))/python ../build_archive.py || [ $$? -eq 1 -a -z "$(STRICT)" ]; } \
		&& $(abspath $(BIN))/mkdocs build --strict --quiet \
		&& $(abspath $(BIN))/python -m pagefind --quiet \
		&& $(abspath $(BIN))/python ../build_archive.py --verify $(if $(STRICT),,--allow-failed)
	$(BIN)/python preview.py --site $(PREVIEW_DIR)/site --port $(PREVIEW_PORT)

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

# The seed site is built and verified as `make site` does, then every test runs.
test: STRICT := 1
test: lint check browser $(ZENSICAL_VENV)/bin/.installed site
	$(BIN)/python -m pytest

# A benchmark, not a test: Lighthouse 12 (npm, pinned in bench/lighthouse/package-lock.json) with Debian's
# Chromium, on this site and on a plain Material site of the same essays. package.json overrides two of
# Lighthouse's dependencies that ask for "latest", so that npm ci keeps the locked versions.
lighthouse: $(BIN)/.installed browser
	cd bench/lighthouse && npm ci --no-audit --no-fund
	$(BIN)/python -m bench.run_lighthouse

# Benchmarks need nothing beyond the test pins (Playwright drives Debian's Chromium for first visits).
bench: $(BIN)/.installed $(ZENSICAL_VENV)/bin/.installed browser
	$(BIN)/python -m bench.run --sizes $(N)

test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -m "not slow" -q

expected: $(BIN)/.installed
	$(BIN)/python -m tests.regen

# Precision and recall of title, authors, date (and debris lines) over tests/cases/corpus, into
# tests/accuracy.md; the tests hold the floor (tests/test_accuracy.py).
accuracy: $(BIN)/.installed
	$(BIN)/python -m tests.accuracy

clean:
	rm -rf site $(VENV) $(ZENSICAL_VENV) bench/work .build_archive_cache .preview
