# Himoya — the two commands in the README are the contract:
#   make course   set everything up (first time) and build the HTML book (and the PDF handouts)
#   make test     install what the tests need and run lint and the whole test suite
# Other targets: lint, bench, lab (JupyterLab on the course), hub (the workshop JupyterHub), clean,
# lock (see "Dependencies" in README.md: constraints.txt pins the versions that were tested; every
# install here uses it).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
# Stamps: reinstall only when pyproject.toml changes.
COURSE_STAMP := $(VENV)/.himoya-course
TEST_STAMP   := $(VENV)/.himoya-test
SYS_STAMP    := $(VENV)/.himoya-system
COURSE_SYS_STAMP := $(VENV)/.himoya-course-system

.PHONY: course build handouts test test-fast lint format bench lab clean system-packages hub lock

# The versions tested together (made by `make lock`); every pip install below is held to them.
CONSTRAINTS := constraints.txt
PIP_INSTALL  = $(PY) -m pip install --quiet -c $(CONSTRAINTS)
# The extras whose dependencies the lock covers (add an extra here when you add one).
LOCK_EXTRAS ?= test,hub,exchange
# ngshare's nbgrader plugin: installed without its declared dependencies (see pyproject.toml).
NGSHARE_EXCHANGE := 0.5.3

course: $(COURSE_STAMP) $(COURSE_SYS_STAMP)
	$(BIN)/himoya build
	@$(MAKE) --no-print-directory handouts

# The PDFs and the offline zip are made again only when a built page or something they are made
# from changed (a second `make course` with nothing changed skips them). The list is read in a
# second make run, after the build.
HANDOUT_INPUTS = $(shell find _build/html -name '*.html' 2>/dev/null) \
  $(wildcard src/himoya/*.py src/himoya/book/*.py src/himoya/book/*.css \
    src/himoya/scenarios/*.py src/himoya/scenarios/static/* modules/*/cases/*.yml \
    src/himoya/screening/*.py src/himoya/screening/instruments/*.yml exercises/*/*.ipynb \
    grading/nbgrader_config.py locale/*/LC_MESSAGES/*.po locale/*/LC_MESSAGES/*/*.po)

handouts: _build/himoya-offline.zip

_build/himoya-offline.zip: $(HANDOUT_INPUTS) | $(COURSE_STAMP)
	$(BIN)/himoya handouts

build: course

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(COURSE_STAMP): pyproject.toml $(CONSTRAINTS) | $(PY)
	$(PIP_INSTALL) -e .
	@touch $@

$(TEST_STAMP): pyproject.toml $(CONSTRAINTS) | $(PY)
	$(PIP_INSTALL) -e ".[test]"
	$(PIP_INSTALL) --no-deps "ngshare-exchange==$(NGSHARE_EXCHANGE)"
	@touch $@ $(COURSE_STAMP)

# Make constraints.txt again: resolve pyproject.toml (with LOCK_EXTRAS) in a new, empty venv
# from the package index and pin what was installed. Run it after adding or changing a
# dependency, then `make test`, and commit pyproject.toml and constraints.txt together.
lock:
	$(PYTHON) tools/lock.py --extras "$(LOCK_EXTRAS)" --output $(CONSTRAINTS)

# Debian packages, installed with apt-get where the machine allows it (root, or sudo).
# `missing` is a list of package names; nothing happens when it is empty.
define APT_INSTALL
if [ -n "$$missing" ]; then \
  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
    echo "installing system packages:$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
  else \
    echo "warning: please install:$$missing"; \
  fi; \
fi
endef

# What the PDF handouts need: Pango (WeasyPrint's text layout) and DejaVu fonts (Tajik Cyrillic);
# what grading needs: bubblewrap (the sandbox each graded notebook runs in).
$(COURSE_SYS_STAMP): | $(PY)
	@missing=""; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing="$$missing fonts-dejavu-core"; \
	ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || missing="$$missing libpango-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || missing="$$missing libpangoft2-1.0-0"; \
	$(APT_INSTALL)
	@touch $@

# What the tests add: Debian's chromium (headless browser tests, never a downloaded browser),
# poppler-utils (PDF checks), npm (axe-core for the accessibility checks; the hub's proxy),
# postgresql (a real gradebook server, started by the tests on loopback), bubblewrap (the grading
# sandbox), python3-venv (the workshop hub builds the trainees' environment from Debian's Python)
# and gettext (msgfmt: the translation catalogs must compile).
system-packages: $(SYS_STAMP)

$(SYS_STAMP): $(COURSE_SYS_STAMP) | $(PY)
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	/usr/bin/python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	$(APT_INSTALL)
	@touch $@

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix src tests benchmarks tools
	$(BIN)/ruff format src tests benchmarks tools

# axe-core (accessibility checks in the browser tests), from the npm registry into .cache/axe;
# never committed. Without npm the browser tests say what is missing. The npm packages, and every
# package they bring, are held to the versions tested by the lock files in tools/npm/<name>/,
# as constraints.txt holds Python's: `npm ci` installs exactly those. To move a version, change
# it in tools/npm/<name>/package.json, run `npm install --package-lock-only` there, then
# `make test`.
AXE_JS := .cache/axe/node_modules/axe-core/axe.min.js

$(AXE_JS): tools/npm/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p .cache/axe && cp tools/npm/axe/package.json tools/npm/axe/package-lock.json .cache/axe/ && \
	  npm ci --no-audit --no-fund --prefix .cache/axe && touch $@; \
	else \
	  echo "warning: npm not found; install it (apt-get install npm) for the accessibility tests"; \
	fi

# The workshop hub's proxy (configurable-http-proxy) from the npm registry into .cache/chp;
# `himoya hub start` finds it there. `make hub` also installs the [hub] extra.
CHP := .cache/chp/node_modules/.bin/configurable-http-proxy

$(CHP): tools/npm/chp/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p .cache/chp && cp tools/npm/chp/package.json tools/npm/chp/package-lock.json .cache/chp/ && \
	  npm ci --no-audit --no-fund --prefix .cache/chp && touch $@; \
	else \
	  echo "warning: npm not found; install it (apt-get install npm) for the workshop hub"; \
	fi

# ngshare, the cluster's exchange service (deploy/ngshare), in its own environment as in its own
# image: ngshare 0.6.0 needs SQLAlchemy 1.4 (with 2.x it drops released assignments), the course
# needs 2.x. tests/hub/test_exchange_service.py runs it as a JupyterHub service on loopback.
NGSHARE_PY := .cache/ngshare/bin/python

$(NGSHARE_PY):
	$(PYTHON) -m venv .cache/ngshare
	$(NGSHARE_PY) -m pip install --quiet "ngshare==0.6.0" "SQLAlchemy==1.4.54" "jupyterhub==6.1.1" \
	  "psycopg[binary]==3.3.9"

hub: $(COURSE_STAMP) $(CHP)
	$(PIP_INSTALL) -e ".[hub]"
	@/usr/bin/python3 -c "import ensurepip, venv" 2>/dev/null || echo "warning: apt-get install python3-venv (the hub needs it)"
	@echo "hub ready: sudo $(BIN)/himoya hub init DIR (see grading/HUB.md)"

# The suite runs in TEST_WORKERS parallel processes (pytest-xdist; `auto`: one per core). Tests
# that share a costly fixture or a machine-wide resource keep to one queue (tests/conftest.py,
# xdist_group); `make test TEST_WORKERS=0` runs everything in one process.
TEST_WORKERS ?= auto

test: $(TEST_STAMP) system-packages lint $(AXE_JS) $(CHP) $(NGSHARE_PY)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

# The quick loop for authors (under three minutes on two cores, benchmarks/README.md): no
# whole-book build, no browser, no nbgrader round trips, no hub. One process: parallel workers
# would each import the whole suite first and gain nothing on a busy machine. `make test` runs
# everything.
test-fast: $(TEST_STAMP)
	$(BIN)/pytest -m "not build and not browser and not nbgrader and not hub"

bench: $(TEST_STAMP)
	$(PY) benchmarks/build.py
	$(PY) benchmarks/grading.py
	$(BIN)/himoya build && $(BIN)/himoya handouts --quiet && $(PY) benchmarks/pages.py

# The trainee's live path: JupyterLab on the course; jupytext opens the module .md pages as
# notebooks, so case simulations and forms run live with ipywidgets.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

lab: $(COURSE_STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab --notebook-dir=. --ServerApp.open_browser=True

# Open the course's MyST .md pages as notebooks (jupytext) by default in this environment's
# JupyterLab, so a double-click on a module page shows it live with its widgets.
$(LAB_SETTINGS): | $(PY)
	@mkdir -p $(dir $@)
	@printf '%s\n' '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}}' > $@

clean:
	rm -rf _build
