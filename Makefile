# Two commands do all the set-up on a fresh machine with Python 3.11 and make:
#   make build   install sdgkg into .venv and build the graph into dist/
#   make test    install sdgkg with its test tools and run lint, types and the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: build test test-fast lint install install-dev clean yasgui

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'

build: install
	$(BIN)/sdgkg build

lint: install-dev
	$(BIN)/ruff check graph_build tests benchmarks
	$(BIN)/ruff format --check graph_build tests benchmarks || { echo "fix with: $(BIN)/ruff format graph_build tests benchmarks"; exit 1; }
	$(BIN)/mypy graph_build benchmarks

test: lint
	$(BIN)/python -m pytest

# The quick loop while editing: tests that need no built graph, server or install, and are not
# listed in tests/slow_tests.txt (slow on their own).
test-fast: install-dev
	$(BIN)/python -m pytest -q -m "not slow"

# YASGUI, the query page of `sdgkg serve`, and Chart.js, which draws its charts: their built
# scripts and style sheet are committed in $(YASGUI_DIR) (so a checkout or a wheel works
# offline); this rebuilds them from the versions pinned in its package.json and
# package-lock.json (needs node and npm).
YASGUI_DIR = graph_build/resources/yasgui
YASGUI_BUILD = $(YASGUI_DIR)/node_modules/@zazuko/yasgui/build

yasgui:
	cd $(YASGUI_DIR) && npm ci --no-audit --no-fund --ignore-scripts
	cp $(YASGUI_BUILD)/yasgui.min.js $(YASGUI_BUILD)/yasgui.min.css $(YASGUI_DIR)/
	cp $(YASGUI_DIR)/node_modules/chart.js/dist/chart.umd.min.js $(YASGUI_DIR)/
	cp $(YASGUI_DIR)/node_modules/chart.js/LICENSE.md $(YASGUI_DIR)/chart.js-LICENSE.md
	rm -rf $(YASGUI_DIR)/node_modules

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
