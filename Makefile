# The two commands: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
STAMP  := $(VENV)/.installed

.PHONY: run test install browser fonts lint format bench load demo clean

# Quiet on purpose: one line, then only what goes wrong. PYTHONWARNINGS hides setuptools'
# "Editable installation" notice block (advice for packagers, nothing to act on here); pip's -qq
# keeps errors and drops warnings such as a configured package index that lacks a package (86 lines
# of "Location ... is ignored" on a machine whose pip.conf names a partial mirror).
$(STAMP): requirements.txt pyproject.toml
	@echo "Installing lcdash and its packages into $(VENV) (the first time takes a few minutes)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -qq --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements.txt
	@PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install -qq --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

run: install fonts
	@$(BIN)/lcdash demo --if-missing
	@$(BIN)/streamlit run serve.py --server.headless true --server.port $(PORT)

# Browser tests use Debian's Chromium (Playwright's own browser download is not reachable).
# pdftoppm (poppler-utils) lets the report tests draw every PDF page.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null; \
	  else echo "Chromium or pdftoppm is missing: run 'sudo apt-get install chromium poppler-utils' (tests need them)"; exit 1; fi; \
	fi

# Chart images and PDF reports use DejaVu Sans (without it they fall back, see README "Fonts").
fonts:
	@if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	  else echo "note: fonts-dejavu-core is missing (sudo apt-get install fonts-dejavu-core); reports use a fallback font"; fi; \
	fi

# Prints how long it took at the end (see README "Tests"). The tests run in parallel, a test file
# per worker (pytest-xdist --dist loadfile: one file's servers and databases stay in one process);
# TEST_WORKERS=1 runs them one after another.
TEST_WORKERS ?= auto
test: install browser fonts
	@start=$$(date +%s); \
	$(BIN)/ruff check . && $(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile; rc=$$?; \
	took=$$(( $$(date +%s) - start )); \
	printf 'make test took %dm%02ds (exit %d)\n' $$((took / 60)) $$((took % 60)) $$rc; \
	exit $$rc

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every benchmark of issue #7 (1M and 10M rows, each page in Chromium against a bare Streamlit app
# (issue 21), then the load test), written to docs/benchmarks.md; --skip-browser leaves Chromium out;
# about 8 min on 2 cores without Chromium. BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--rows 1000000 --skip-load".
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/all.py $(BENCH_ARGS)

# 10 then 50 concurrent sessions on loopback, 45 s each (bench/load.py; not part of `make test`).
load: install
	$(BIN)/python bench/load.py --sessions 10,50 --seconds 45

demo: install
	$(BIN)/lcdash demo

clean:
	rm -rf $(VENV) data/*.duckdb data/*.duckdb.wal .pytest_cache test-artifacts
