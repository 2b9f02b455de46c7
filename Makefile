# The archive's commands. Everything installs itself into .venv from the pinned requirements.
#   make serve   convert the essays, build the site and preview it on http://127.0.0.1:8000/ (live reload, no search)
#   make preview build the site as GitHub Pages would and serve it on http://127.0.0.1:8001/<folder>/
#                (subpath, 404 page, search), in .preview/: docs/ and site/ stay as they are
#   make test    lint, check docs/ is up to date, run every test
#   make test-fast  the tests not marked slow (no browser, site builds, crash or property tests), on
#                every core: ~2 min on 2 cores
#   make site    convert the essays, build the static site into site/, index it for search, verify it and
#                check its size (STRICT=1: stop on a failing essay; without it, it keeps its last good page
#                and the site is built)
#   make add URL="https://…"  fetch web pages into essays/, then convert (the only target using the network)
#   make expected  regenerate tests/cases/**/*.expected (review the diff!)
#   make suggest-events  list what essays refer to that events/ lacks, with draft entries
#   make accuracy  score the metadata read from tests/cases/corpus into tests/accuracy.md
#   make browser   install Debian's Chromium for browser tests and benchmarks, if it is missing
#   make lighthouse  score the built site against a plain Material site (bench/lighthouse-results.md)
#   make bench   benchmark 100, 1,000 and 5,000 synthetic essays into bench/results.md, beside a
#                Material blog of the same essays (long); make bench N=100 for a quick run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ZENSICAL_VENV := .venv-zensical
N ?= 100 1000 5000
# make bench builds the Material blog peer at sizes up to this (the longest step at 5,000).
BLOG_UP_TO ?= 5000
# Pages per Pagefind run (tools/search_index.py): its peak memory follows this, not the archive.
SEARCH_SHARD_PAGES ?= 2000
# Essay pages per run of MkDocs (tools/build_site.py): a larger archive is built in slices, so that
# MkDocs' memory follows this, not the archive.
ESSAYS_PER_BUILD ?= 4000
# make site fails above this size of site/ (MB; GitHub Pages publishes at most 1 GB) and warns
# from 80% of it. Another host: its limit, or 0 for none (README, Scale and benchmarks).
SITE_LIMIT_MB ?= 1000
# Build-time helpers beside this Makefile (not part of the converter).
TOOLS := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))tools
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve preview test test-fast accuracy suggest-events convert add check lint expected clean browser lighthouse bench

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

# MkDocs builds site/ with --strict: in one run, or above ESSAYS_PER_BUILD essays in several, one after
# another (tools/build_site.py), the same pages either way.
# Pagefind indexes the pages pagefind.yml selects into site/pagefind/, in shards of at most
# SEARCH_SHARD_PAGES pages run one after another (tools/search_index.py), so its memory does not
# grow with the archive; the search page merges the shards. --verify then reads site/: every
# paragraph verbatim on its page, metadata as the front matter says, no markup that came from
# essay text (exit 1 on any problem). Last, the site's size against SITE_LIMIT_MB.
site: convert
	$(BIN)/python $(TOOLS)/build_site.py --essays-per-build $(ESSAYS_PER_BUILD)
	$(BIN)/python $(TOOLS)/search_index.py --pages-per-shard $(SEARCH_SHARD_PAGES)
	$(BIN)/python build_archive.py --verify $(if $(STRICT),,--allow-failed)
	$(BIN)/python $(TOOLS)/site_size.py --limit-mb $(SITE_LIMIT_MB)

# The converter watches essays/ and rewrites docs/; mkdocs serve watches docs/ and reloads.
# --dirty rebuilds only the pages that changed (an edit shows in ~2 s at 1,000 essays instead of
# ~16 s); a dirty build warns that it is dirty, so it runs without --strict (make site is strict).
serve: site
	$(BIN)/python build_archive.py --watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

# Fetch each page once (URL="https://… https://…"), save it with a sidecar saying where and when,
# then convert as usual. The only target that touches the network. Each address is quoted for the
# shell (a query string's & would start a background job).
URL ?=
add: $(BIN)/.installed
	@test -n "$(URL)" || { echo 'make add: name the page, e.g. make add URL="https://example.org/opinion/a-page"' >&2; exit 2; }
	$(BIN)/python build_archive.py --add $(foreach url,$(URL),'$(url)')

# The site as GitHub Pages serves it, before a push: built for http://127.0.0.1:PORT/<this folder's name>/ (the
# subpath a project site gets), with Pagefind and the 404 page, then served by preview.py. The build happens in
# a copy (.preview/) because the converter writes the site's address into docs/ (citations, feeds), which is
# committed for the default address; docs/ and site/ are left as they are. PREVIEW_PORT and PREVIEW_PATH
# change the address. Without STRICT, like make site, a failing essay keeps its last good page.
PREVIEW_DIR := .preview
PREVIEW_PORT ?= 8001
PREVIEW_PATH ?= $(notdir $(CURDIR))
preview: $(BIN)/.installed
	rm -rf $(PREVIEW_DIR)/docs $(PREVIEW_DIR)/essays $(PREVIEW_DIR)/events $(PREVIEW_DIR)/overrides $(PREVIEW_DIR)/site
	mkdir -p $(PREVIEW_DIR)
	cp -R docs essays events overrides mkdocs.yml pagefind.yml $(PREVIEW_DIR)/
	cd $(PREVIEW_DIR) && export SITE_URL="http://127.0.0.1:$(PREVIEW_PORT)/$(PREVIEW_PATH)/" \
		&& { $(abspath $(BIN))/python ../build_archive.py || [ $$? -eq 1 -a -z "$(STRICT)" ]; } \
		&& $(abspath $(BIN))/python $(abspath $(TOOLS))/build_site.py --essays-per-build $(ESSAYS_PER_BUILD) --quiet \
		&& $(abspath $(BIN))/python $(abspath $(TOOLS))/search_index.py --pages-per-shard $(SEARCH_SHARD_PAGES) \
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

# Benchmarks need nothing beyond the test pins (Playwright drives Debian's Chromium for first visits;
# mkdocs-rss-plugin builds the blog peer's feeds).
bench: $(BIN)/.installed $(ZENSICAL_VENV)/bin/.installed browser
	$(BIN)/python -m bench.run --sizes $(N) --blog-up-to $(BLOG_UP_TO)

test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -m "not slow" -q -n auto

expected: $(BIN)/.installed
	$(BIN)/python -m tests.regen

# Precision and recall of title, authors, date (and debris lines) over tests/cases/corpus, into
# tests/accuracy.md; the tests hold the floor (tests/test_accuracy.py).
# Event-like names the essays use that no catalog event matches, with a draft entry each
# (make suggest-events MIN=2: only names two or more essays use). Reads only.
MIN ?= 1
suggest-events: $(BIN)/.installed
	$(BIN)/python build_archive.py --suggest-events --min-essays $(MIN)

accuracy: $(BIN)/.installed
	$(BIN)/python -m tests.accuracy

clean:
	rm -rf site $(VENV) $(ZENSICAL_VENV) bench/work .build_archive_cache .preview
