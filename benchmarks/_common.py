"""Shared plumbing for benchmark scripts: where the external data is, skipping, writing results.

Results go to ``benchmarks/results/<name>.json`` (sorted keys, trailing newline) with the
machine they were measured on; the report reads its accuracy and speed figures from there.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis import atomic, config

RESULTS_DIR = config.BENCHMARK_RESULTS_DIR


def shared(*parts: str) -> Path:
    """A path under the external benchmark data (``../shared/benchmarks`` by default)."""
    return config.shared_benchmarks_dir().joinpath(*parts)


def skip_if_missing(path: Path, what: str) -> None:
    """Print one ``skipped:`` line and exit 0 when ``path`` does not exist."""
    if not path.exists():
        print(f"skipped: {path} not found ({what} is read from ../shared/benchmarks, never copied)")
        sys.exit(0)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "system": platform.system(),
    }


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=config.PROJ_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_results(name: str, results: dict[str, Any]) -> Path:
    """Write ``results`` with provenance to ``benchmarks/results/<name>.json``."""
    payload = {
        "benchmark": name,
        "script": f"benchmarks/{name}.py",
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d"),
        "commit": commit(),
        "machine": machine(),
        **results,
    }
    path = RESULTS_DIR / f"{name}.json"
    atomic.write_text(path, json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return path
