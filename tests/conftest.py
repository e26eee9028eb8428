"""Shared fixtures: the embedded corpus, the default codebook, and one full notebook run."""

from __future__ import annotations

import os

import pytest

from analysis import config
from analysis.codebook import load_codebook
from analysis.corpus import load_corpus

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

ROOT = config.PROJ_ROOT
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def corpus():
    """The five Panjshir articles, by article_id."""
    return {a.article_id: a for a in load_corpus(RAW)}


@pytest.fixture(scope="session")
def codebook():
    return load_codebook(config.DEFAULT_CODEBOOK)


def article_text(prefix: str) -> str:
    """Raw text of the Panjshir article whose id starts with ``prefix`` (e.g. "004")."""
    (path,) = sorted((RAW / "articles").glob(f"{prefix}_*.txt"))
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory):
    """Every notebook executed once on the default corpus, as `make report` runs them.

    Yields the output folder with ``derived/``, ``reports/`` and ``build/``.
    """
    from analysis.params import load_params
    from analysis.render import render_report

    out = tmp_path_factory.mktemp("notebook-run")
    params = load_params(config.DEFAULT_PARAMS)
    render_report(
        params,
        out / "derived",
        out / "reports",
        out / "build",
        "panjshir_framing.html",
        include_build_notebook=True,
    )
    return out
