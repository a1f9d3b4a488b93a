# Two commands do all the setup: `make lab` and `make test`. Both create .venv on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# nbgrader shells out to `alembic` and the kernels must come from the venv: put it first on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help install lab test test-fast exercises book lint clean

help:
	@echo "make lab        set up .venv and open JupyterLab on chapters/00_start_here.ipynb"
	@echo "make test       set up .venv and run the whole test suite"
	@echo "make exercises  regenerate exercises/ from solutions/ (nbgrader generate_assignment)"
	@echo "make book       execute every chapter and build the HTML book in _build/html/"
	@echo "make lint       ruff on utils/ and tests/"

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# (the filter hides a pip warning about package-index folders of some machines' pip configuration)
	set -o pipefail; $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' 2>&1 \
		| { grep -v 'is ignored: it is neither a file nor a directory' || true; }
	$(BIN)/jupyter labextension list 2>&1 | grep -q nbgrader
	touch $(STAMP)

# Extra options for JupyterLab, e.g. `make lab LAB_ARGS="--no-browser --port=8890"`.
LAB_ARGS ?=

lab: $(STAMP)
	$(BIN)/jupyter lab $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(LAB_ARGS) chapters/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

exercises: $(STAMP)
	$(BIN)/python -m utils.grading release

book: $(STAMP)
	$(BIN)/python -m utils.book --out _build/html

lint: $(STAMP)
	$(BIN)/ruff check utils tests

clean:
	rm -rf $(VENV) submitted autograded feedback gradebook.db .pytest_cache _build screenshots
