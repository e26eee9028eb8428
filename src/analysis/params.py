"""Run parameters: the papermill parameter file and how its paths resolve.

``params/default.yaml`` holds literals only. Relative paths in it are relative to the project
root, so a notebook, the Makefile and the CLI resolve them the same way wherever they start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import config
from .errors import InputError

DEFAULTS: dict[str, Any] = {
    "corpus": "data/raw",
    "codebook": "codebooks/panjshir.yaml",
    "derived_dir": "data/derived",
    "reports_dir": "reports",
    "benchmark_results": "benchmarks/results",
    "outlets": [],
    "top_n_outlets": 10,
    "profiles": "auto",
    "chunk_size": 500,
}


def resolve(path: str | Path) -> Path:
    """An absolute path: relative paths are taken from the project root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else config.PROJ_ROOT / path


def load_params(path: str | Path | None = None) -> dict[str, Any]:
    """The defaults overridden by the YAML file at ``path`` (unknown keys are an error)."""
    params = dict(DEFAULTS)
    if path is None:
        return params
    path = Path(path)
    if not path.exists():
        raise InputError(path, "does not exist")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(path, f"is not valid YAML ({' '.join(str(exc).split())})") from None
    if loaded is None:
        return params
    if not isinstance(loaded, dict):
        raise InputError(path, "must be a mapping of parameter names to values")
    unknown = sorted(set(loaded) - set(DEFAULTS))
    if unknown:
        raise InputError(path, f"unknown parameter(s) {unknown}; known: {sorted(DEFAULTS)}")
    params.update(loaded)
    return params
