# Two commands do all the setup: `make lab` and `make test`. Both create .venv on first use.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
include mk/python.mk
# nbgrader shells out to `alembic` and the kernels must come from the venv: put it first on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help install lab test test-fast exercises book bench bench-grading claims lint hooks clean

help:
	@echo "make lab        set up .venv and open JupyterLab on the repository, at chapters/00_start_here.ipynb"
	@echo "make test       set up .venv and run the whole test suite"
	@echo "make bench      time every notebook against a calibration workload; fails over the time budgets"
	@echo "make claims     run every chapter with RNN_BOOK_SEED=0,1,2 and on emulated other CPUs; fails if an assert does"
	@echo "make bench-grading  16 bot students autograded by nbgrader, then in parallel; prints the speed-up"
	@echo "make exercises  regenerate exercises/ from solutions/ (nbgrader generate_assignment)"
	@echo "make book       execute every chapter and build the HTML book (Sphinx) in _build/html/"
	@echo "make lint       ruff on utils/, course/ and tests/"
	@echo "make hooks      install the pre-commit hooks (ruff, nbstripout, rnnbook release, hygiene test)"

# The project's JupyterLab defaults (no "get notified about official Jupyter news" pop-up, no update check),
# installed where JupyterLab reads packaged setting overrides: <prefix>/share/jupyter/lab/settings/overrides.d/.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d/rnn-textbook.json

install: $(STAMP) $(LAB_OVERRIDES)

$(LAB_OVERRIDES): lab/overrides.json | $(STAMP)
	mkdir -p $(@D) && cp $< $@

$(BIN)/python:
	$(MAKE_VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@# (the filter hides a pip warning about package-index folders of some machines' pip configuration)
	set -o pipefail; $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' 2>&1 \
		| { grep -v 'is ignored: it is neither a file nor a directory' || true; }
	$(BIN)/jupyter labextension list 2>&1 | grep -q nbgrader
	touch $(STAMP)

# Extra options for JupyterLab, e.g. `make lab LAB_ARGS="--no-browser --port=8890"`.
LAB_ARGS ?=
START_PAGE := chapters/00_start_here.ipynb

# The server's root is the repository (chapters/, exercises/, solutions/ and nbgrader_config.py, so that the
# chapters' links to ../exercises/ open and nbgrader's Validate button and assignment list find the course).
# Runs of chapters, exercises and solutions are saved in .outputs/; a tracked file changes only when its source does
# (course/lab_contents.py).
lab: $(STAMP) $(LAB_OVERRIDES)
	$(BIN)/jupyter lab $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) --ServerApp.root_dir="$(CURDIR)" \
		--ServerApp.contents_manager_class=course.lab_contents.BookOutputsManager \
		--LabApp.default_url=/lab/tree/$(START_PAGE) $(LAB_ARGS) $(START_PAGE)

# The suite runs on every core (pytest-xdist; tests/conftest.py says which tests stay together):
# `make test TEST_JOBS=1` runs it in this process, one test after another.
TEST_JOBS ?= logical

test: $(STAMP)
	$(BIN)/python -m pytest $(if $(filter 1,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadgroup)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

exercises: $(STAMP)
	$(BIN)/rnnbook release

# The site is rebuilt from scratch (no stale pages); open _build/html/index.html (see README).
book: $(STAMP)
	rm -rf _build/html
	$(BIN)/rnnbook book --out _build/html

# Extra options, e.g. `make bench BENCH_ARGS="--no-load-test 01_vanilla_rnn"` (see rnnbook bench -h).
BENCH_ARGS ?=

bench: $(STAMP)
	$(BIN)/rnnbook bench $(BENCH_ARGS)

# Extra options, e.g. `make claims CLAIMS_ARGS="--variants 'seed 1,old CPU' 02 07"` (see rnnbook claims -h).
CLAIMS_ARGS ?=

claims: $(STAMP)
	$(BIN)/rnnbook claims $(CLAIMS_ARGS)

# Parallel autograding vs plain nbgrader, e.g. `make bench-grading BENCH_GRADING_ARGS="--students 32 --jobs 4"`.
BENCH_GRADING_ARGS ?=

bench-grading: $(STAMP)
	$(BIN)/rnnbook bench-grading $(BENCH_GRADING_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check utils course tests

# For contributors: ruff, nbstripout, `rnnbook release` and the hygiene test before each commit
# (.pre-commit-config.yaml; all local, nothing downloaded).
hooks: $(STAMP)
	$(BIN)/pre-commit install

clean:
	rm -rf $(VENV) submitted autograded feedback gradebook.db .pytest_cache _build screenshots
