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
import threading
import time
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
    """What the numbers were measured on, the interpreter's build included: the same code runs
    about 15% faster on a profile-guided, link-time-optimised CPython (Debian's, conda's) than on
    a plain source build (pyenv's default), so the build is part of the measurement."""
    return {
        "python": platform.python_version(),
        "python_executable": os.path.realpath(getattr(sys, "_base_executable", sys.executable)),
        "python_build": " ".join(platform.python_build()),
        "python_compiler": platform.python_compiler(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "system": platform.system(),
        "cpu": cpu(),
    }


def cpu(cpuinfo: Path = Path("/proc/cpuinfo")) -> dict[str, str]:
    """The first processor's model name, family, model, stepping, clock (MHz) and cache as Linux
    reports them in ``cpuinfo``: hosts of one virtual machine kind differ (on 2026-12-07 the
    same code and corpus ran 1.6 to 2 times slower than on 2026-11-25), so a speed figure says
    which processor it came from. Fields the file lacks are left out; no file gives ``{}``."""
    wanted = {
        "model name": "model_name",
        "cpu family": "family",
        "model": "model",
        "stepping": "stepping",
        "cpu MHz": "mhz",
        "cache size": "cache",
    }
    try:
        first = cpuinfo.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
    except OSError:
        return {}
    found = {}
    for line in first.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in wanted:
            found[wanted[key.strip()]] = value.strip()
    return dict(sorted(found.items()))


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


def write_results(name: str, results: dict[str, Any], path: Path | None = None) -> Path:
    """Write ``results`` with provenance to ``path``, by default ``benchmarks/results/<name>.json``
    (the file the report reads)."""
    payload = {
        "benchmark": name,
        "script": f"benchmarks/{name}.py",
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d"),
        "commit": commit(),
        "machine": machine(),
        **results,
    }
    path = path or RESULTS_DIR / f"{name}.json"
    atomic.write_text(path, json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return path


def tree_rss_bytes(root: int) -> tuple[int, int]:
    """(sum, largest) resident memory of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, largest, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        stack.extend(children.get(pid, []))
    return total, largest


def run_measured(command: list[str], what: str) -> dict[str, Any]:
    """Run ``command`` from the project root; its wall time and the peak resident memory of its
    process tree (summed, and of the largest process), sampled every 0.1 s. Exits with the
    command's last error output when it fails."""
    peak = {"sum": 0, "largest": 0}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=config.PROJ_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def sample() -> None:
        while process.poll() is None:
            total, largest = tree_rss_bytes(process.pid)
            peak["sum"] = max(peak["sum"], total)
            peak["largest"] = max(peak["largest"], largest)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{what} failed:\n{stderr.decode()[-2000:]}")
    lines = stdout.decode().strip().splitlines()
    return {
        "wall_seconds": round(wall, 1),
        "peak_rss_mb": round(peak["sum"] / 2**20, 1),
        "largest_process_rss_mb": round(peak["largest"] / 2**20, 1),
        "output": lines[-1][:300] if lines else "",
    }
