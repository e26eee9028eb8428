"""``make check``: rebuild the tables and figures in a temporary folder and compare bytes.

The committed ``data/derived`` tables and ``reports/figures`` (PNG and CSV) must be exactly
what a fresh run produces. The HTML itself is not compared: it names the git commit it was
built from.
"""

from __future__ import annotations

import filecmp
import tempfile
from pathlib import Path
from typing import Any

from .codebook import load_codebook
from .params import resolve
from .render import render_report


def _first_difference(a: Path, b: Path) -> str:
    if a.suffix == ".csv":
        left = a.read_text(encoding="utf-8").splitlines()
        right = b.read_text(encoding="utf-8").splitlines()
        for i, (x, y) in enumerate(zip(left, right, strict=False), start=1):
            if x != y:
                return f"line {i}: committed {x[:120]!r} vs rebuilt {y[:120]!r}"
        return f"{len(left)} lines committed vs {len(right)} rebuilt"
    return f"{a.stat().st_size} bytes committed vs {b.stat().st_size} rebuilt"


def compare_folders(committed: Path, rebuilt: Path, pattern: str = "*") -> list[str]:
    """Differences between two folders' files matching ``pattern`` (missing, extra, changed)."""
    old = {p.name: p for p in sorted(committed.glob(pattern)) if p.is_file()} if committed.exists() else {}
    new = {p.name: p for p in sorted(rebuilt.glob(pattern)) if p.is_file()}
    problems = []
    for name in sorted(set(old) | set(new)):
        if name not in new:
            problems.append(f"{committed / name}: committed but no longer produced")
        elif name not in old:
            problems.append(f"{committed / name}: produced but not committed")
        elif not filecmp.cmp(old[name], new[name], shallow=False):
            problems.append(f"{committed / name}: differs ({_first_difference(old[name], new[name])})")
    return problems


def rebuild_and_compare(params: dict[str, Any], workdir: Path | None = None) -> list[str]:
    """Run every notebook into a temporary folder and compare with the committed outputs."""
    with tempfile.TemporaryDirectory(prefix="framing-check-") as tmp:
        root = Path(workdir) if workdir else Path(tmp)
        derived, reports = root / "derived", root / "reports"
        book = load_codebook(resolve(params["codebook"]))
        render_report(
            params,
            derived,
            reports,
            root / "build",
            f"{book.slug}_framing.html",
            include_build_notebook=True,
        )
        committed_derived = resolve(params["derived_dir"])
        committed_figures = resolve(params["reports_dir"]) / "figures"
        return compare_folders(committed_derived, derived, "*.csv") + compare_folders(
            committed_figures, reports / "figures"
        )
