"""The report's wording holds on any corpus: nothing in it is written for the Panjshir story."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from analysis import config
from analysis.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "other_story"


def _text(fragment: str) -> str:
    """What a reader sees of an HTML fragment (tags dropped, entities decoded, spaces joined)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


@pytest.fixture(scope="module")
def strike(tmp_path_factory):
    """The port-strike example (another story, another codebook): its tables and report context."""
    from analysis.report.context import open_report

    out = tmp_path_factory.mktemp("strike")
    args = ["run", "--corpus", str(FIXTURES / "strike.jsonl"), "--codebook", str(FIXTURES / "strike.yaml")]
    assert main([*args, "--out", str(out), "--no-report", "--workers", "1"]) == 0
    return open_report(
        out / "derived", FIXTURES / "strike.yaml", out / "figures", config.BENCHMARK_RESULTS_DIR
    )


@pytest.fixture(scope="module")
def panjshir(tmp_path_factory):
    from analysis.report.context import open_report

    figures = tmp_path_factory.mktemp("panjshir-figures")
    return open_report(config.DERIVED_DIR, config.DEFAULT_CODEBOOK, figures, config.BENCHMARK_RESULTS_DIR)


def test_hedge_examples_are_the_codebooks_own(strike, panjshir):
    from analysis.report.findings import hedging_finding
    from analysis.report.sections import claims_html

    finding = _text(hedging_finding(strike))
    assert "own narration (reportedly, claimed) ranges" in finding, finding
    assert "could not be verified" not in finding
    assert "Hedges counted (the codebook's): “reportedly”, “claimed”." in _text(claims_html(strike))
    assert "(claimed, reportedly, according to reports …)" in _text(hedging_finding(panjshir))
