# Two commands reproduce everything from a fresh clone:  make report  and  make test.
# `make help` lists the targets. Targets that build files are named after them.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
export PYDEVD_DISABLE_FILE_VALIDATION := 1

KERNEL := framing-analysis
REPORT := reports/panjshir_framing.html
PARAMS := params/default.yaml

# Inside an activated conda environment made from environment.yml, use it; otherwise .venv.
ifeq ($(CONDA_DEFAULT_ENV),framing-analysis)
  ENV_DIR := $(CONDA_PREFIX)
  MAKE_ENV := conda
else
  ENV_DIR := .venv
  MAKE_ENV := venv
endif
PY := $(ENV_DIR)/bin/python
STAMP := $(ENV_DIR)/.framing-analysis-installed
PYTHON ?= $(shell command -v python3.11 || command -v python3)

SOURCES := $(shell find src notebooks codebooks params data/raw -type f \
             -not -path '*/__pycache__/*' -not -path '*/.ipynb_checkpoints/*' | sort)

.PHONY: help setup report test check lab lock lint benchmarks clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
ifeq ($(MAKE_ENV),venv)
	@test -x $(PY) || { \
	  "$(PYTHON)" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' \
	    || { echo "error: Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 2; }; \
	  "$(PYTHON)" -m venv $(ENV_DIR); }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
endif
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv from requirements.lock and register the Jupyter kernel

$(REPORT): $(SOURCES) | $(STAMP)
	$(PY) -m analysis report --params $(PARAMS)

report: $(REPORT) ## Run the notebooks with papermill and render reports/panjshir_framing.html

test: $(STAMP) ## Run the test suite (unit tests, notebook smoke test, browser test)
	$(PY) -m pytest

check: $(STAMP) ## Rebuild tables and figures in a temporary folder; fail if any differ from the committed ones
	$(PY) -m analysis check --params $(PARAMS)

lab: $(STAMP) ## Open JupyterLab on notebooks/ with the project kernel
	$(ENV_DIR)/bin/jupyter lab --notebook-dir=notebooks

lint: $(STAMP) ## ruff on the package, tests, benchmarks and notebooks
	$(ENV_DIR)/bin/ruff check src tests benchmarks notebooks

lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml and regenerate environment.yml
	$(ENV_DIR)/bin/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
	  --generate-hashes --no-header -o requirements.lock
	$(PY) -m analysis.deps environment

benchmarks: $(STAMP) ## Re-measure accuracy and speed (reads ../shared/benchmarks); writes benchmarks/results/
	$(PY) benchmarks/run_all.py

clean: ## Remove build/ (executed notebooks); keeps .venv, tables and reports
	rm -rf build
