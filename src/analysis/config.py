"""Every default path of the project, built from the project root.

Notebooks, the CLI, the Makefile and the tests all take their defaults from here, so nothing
depends on the directory a command is started in. ``ANALYSIS_PROJECT_ROOT`` overrides the root
(useful when the package is installed outside its checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(os.environ.get("ANALYSIS_PROJECT_ROOT") or Path(__file__).resolve().parents[2])

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
DERIVED_DIR = DATA_DIR / "derived"
REPORTS_DIR = PROJ_ROOT / "reports"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
PARAMS_DIR = PROJ_ROOT / "params"
BUILD_DIR = PROJ_ROOT / "build"
BENCHMARK_RESULTS_DIR = PROJ_ROOT / "benchmarks" / "results"
SHARED_BENCHMARKS_DIR = PROJ_ROOT.parent / "shared" / "benchmarks"

DEFAULT_CORPUS = RAW_DIR
DEFAULT_CODEBOOK = PROJ_ROOT / "codebooks" / "panjshir.yaml"
DEFAULT_PARAMS = PARAMS_DIR / "default.yaml"

KERNEL_NAME = "framing-analysis"

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
MODELS_DIR = PACKAGE_DIR / "models"


def derived_dir_for(out: Path | None) -> Path:
    """Where the tables go: ``data/derived`` by default, ``OUT/derived`` with ``--out OUT``."""
    return DERIVED_DIR if out is None else Path(out) / "derived"


def reports_dir_for(out: Path | None) -> Path:
    """Where the report goes: ``reports`` by default, ``OUT/reports`` with ``--out OUT``."""
    return REPORTS_DIR if out is None else Path(out) / "reports"


def shared_benchmarks_dir() -> Path:
    """The external labelled data (never copied into the package).

    ``ANALYSIS_SHARED_BENCHMARKS`` overrides the default ``../shared/benchmarks`` next to the
    checkout. The directory may be absent; benchmark scripts then skip with a message.
    """
    override = os.environ.get("ANALYSIS_SHARED_BENCHMARKS")
    return Path(override) if override else SHARED_BENCHMARKS_DIR
