"""Where a report came from: git commit, package versions, checksums of the raw inputs."""

from __future__ import annotations

import hashlib
import subprocess
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import config

CORE_PACKAGES = (
    "framing-analysis",
    "pandas",
    "numpy",
    "matplotlib",
    "textblob",
    "vaderSentiment",
    "sentencex",
    "krippendorff",
    "papermill",
    "nbconvert",
    "jupyterlab",
    "ipykernel",
    "pyyaml",
)


def git_commit(root: Path = config.PROJ_ROOT) -> str:
    """HEAD's sha, plus `` (+ uncommitted changes)`` when a tracked file differs from it; else
    ``unknown``. Files under ``reports/`` are left out: they are what a report build writes, so
    the previous build's report would otherwise mark every rebuild as uncommitted."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)reports"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{sha} (+ uncommitted changes)" if dirty else sha


def package_versions(names: tuple[str, ...] = CORE_PACKAGES) -> pd.DataFrame:
    """Installed version of each package (``not installed`` when missing)."""
    rows = []
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        rows.append((name, version))
    return pd.DataFrame(rows, columns=["package", "version"])


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_checksums(corpus: Path, articles: pd.DataFrame, max_rows: int = 50) -> pd.DataFrame:
    """SHA-256 of the corpus inputs: the manifest (if any) and each article's raw text.

    Article checksums come from ``articles.csv`` (computed on the decoded text when the tables
    were built); only the first ``max_rows`` articles are listed for a large corpus.
    """
    rows = []
    corpus = Path(corpus)
    manifest = corpus / "manifest.csv" if corpus.is_dir() else None
    if manifest is not None and manifest.exists():
        rows.append(("manifest.csv", sha256_file(manifest)))
    elif corpus.is_file():
        rows.append((corpus.name, sha256_file(corpus)))
    for row in articles.sort_values("article_id").head(max_rows).itertuples(index=False):
        rows.append((row.source or row.article_id, row.sha256))
    return pd.DataFrame(rows, columns=["input", "sha256"])
