# Which Python creates .venv, and which PyTorch build it gets. Included by the Makefile.
#
# PYTHON=...   use that interpreter; otherwise the newest supported one found on PATH
#              (python3.13, python3.12, python3.11, then python3 if it is one of those).
# TORCH=cpu    install PyTorch's CPU-only wheel from PyTorch's own index first. On Linux, PyPI's default
#              torch wheel carries the CUDA libraries (several GB); the CPU wheel is about 200 MB.
SUPPORTED_PYTHONS := 3.13 3.12 3.11
SUPPORTED_RANGE := 3.11 to 3.13
# Prints nothing unless the interpreter runs and is a supported version (pyenv shims of versions that are
# installed but not selected fail to run, so they are skipped).
IS_SUPPORTED = $(1) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' >/dev/null 2>&1

ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in $(addprefix python,$(SUPPORTED_PYTHONS)) python3; do \
	if command -v $$p >/dev/null 2>&1 && $(call IS_SUPPORTED,$$p); then echo $$p; break; fi; done)
endif

TORCH ?=
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
TORCH_PIN = $(shell sed -n 's/^ *"\(torch==[^"]*\)",*$$/\1/p' pyproject.toml)

# The commands that create .venv (used by the Makefile's install step).
define MAKE_VENV
	@if [ -z "$(PYTHON)" ]; then \
		echo "No supported Python ($(SUPPORTED_RANGE)) found on PATH."; \
		echo "Install one (Debian/Ubuntu: apt install python3.12-venv; macOS: brew install python@3.13;"; \
		echo "or pyenv install 3.12), or name it: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12"; \
		exit 1; \
	fi
	@if ! $(call IS_SUPPORTED,$(PYTHON)); then \
		echo "PYTHON=$(PYTHON) is not a working Python $(SUPPORTED_RANGE): $$($(PYTHON) --version 2>&1)"; \
		exit 1; \
	fi
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version 2>&1))"
	$(PYTHON) -m venv $(VENV)
	$(if $(filter cpu,$(TORCH)),$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--index-url $(TORCH_CPU_INDEX) '$(TORCH_PIN)')
endef
