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
    assert "Hedging (reportedly, claimed) in the outlets" in finding, finding
    assert "could not be verified" not in finding
    assert "Hedges counted (the codebook's): “reportedly”, “claimed”." in _text(claims_html(strike))
    assert "(claimed, reportedly, according to reports …)" in _text(hedging_finding(panjshir))


# Words that belong to the Panjshir story (its places, sides, claim and channels) and once were
# typed into the report's own sentences.
PANJSHIR_WORDS = ["Panjshir", "Taliban", "war reporting", "telephone", "Facebook", "the fall", "could not be"]


def test_no_section_of_another_story_uses_panjshir_wording(strike):
    from analysis.report import findings, sections

    parts = [findings.findings_html(strike)]
    for name in ("title_html", "corpus_html", "wire_copy_html", "tone_voice_html", "tone_sides_html"):
        parts.append(getattr(sections, name)(strike))
    for name in ("tone_caveat_html", "voices_html", "kinds_html", "platforms_html", "claims_html"):
        parts.append(getattr(sections, name)(strike))
    parts += [sections.labels_html(strike), sections.events_html(strike)]
    text = _text("".join(parts))
    assert [w for w in PANJSHIR_WORDS if w.casefold() in text.casefold()] == []
    assert "Channels in the codebook: Twitter, Statement, Media report." in text


def test_the_claims_figure_names_no_story():
    import matplotlib.pyplot as plt
    import pandas as pd

    from analysis import figures

    table = pd.DataFrame(
        {
            "outlet": ["A"],
            "attributions_claiming_fall": [2],
            "attributions_denying_fall": [1],
            "sentences_asserting_fall": [0],
        }
    )
    fig, _ = figures.claims_and_denials(table, ["A"], {}, "union", "employers", "The strike's end")
    ax = fig.axes[0]
    words = [ax.get_xlabel(), *(t.get_text() for t in ax.get_legend().get_texts())]
    assert [w for w in words if "fall" in w] == [], words
    plt.close(fig)


def test_outlets_with_several_articles_are_not_said_to_be_single_articles(strike, panjshir):
    from analysis.report.findings import hedging_finding
    from analysis.report.methods import limitations_html

    size = _text(limitations_html(strike))
    assert "Size. 4 articles from 3 outlets (1 to 2 per outlet): an outlet with few articles" in size
    assert "single articles" not in size and "single articles" not in _text(hedging_finding(strike))
    assert "counts this small are not a ranking" in _text(hedging_finding(strike))
    assert "every comparison is between single articles" in _text(limitations_html(panjshir))
    assert "these are counts in single articles, not a ranking" in _text(hedging_finding(panjshir))
    assert not strike.one_article_per_outlet and panjshir.one_article_per_outlet


def test_another_corpus_is_rebuilt_with_analysis_run_not_make_report(strike, panjshir):
    from analysis.report.methods import reproduce_html

    corpus = FIXTURES / "strike.jsonl"
    params = {"corpus": str(corpus), "codebook": str(FIXTURES / "strike.yaml"), "top_n_outlets": 10}
    text = _text(reproduce_html(strike, corpus, params))
    assert "make report" not in text
    assert "analysis run --corpus tests/fixtures/other_story/strike.jsonl --codebook " in text
    defaults = {"corpus": "data/raw", "codebook": "codebooks/panjshir.yaml", "top_n_outlets": 10}
    text = _text(reproduce_html(panjshir, config.DEFAULT_CORPUS, defaults))
    assert "by two commands in a fresh clone: make report" in text
    assert "make report" not in _text(
        reproduce_html(panjshir, config.DEFAULT_CORPUS, {**defaults, "top_n_outlets": 3})
    )
    assert "by two commands" in _text(
        reproduce_html(panjshir, config.DEFAULT_CORPUS, {**defaults, "outlets": []})
    )
    kept = _text(
        reproduce_html(panjshir, config.DEFAULT_CORPUS, {**defaults, "outlets": ["RT", "Jagran English"]})
    )
    assert "make report" not in kept
    assert (
        "analysis run --corpus data/raw --codebook codebooks/panjshir.yaml --outlets 'RT,Jagran English'"
        in kept
    )


def test_the_reliability_figures_say_which_articles_and_codebook_they_measured(strike, panjshir):
    from analysis.report.methods import reliability_html

    text = _text(reliability_html(strike))
    assert "a hand coding of the five Panjshir articles" in text
    assert "This report's codebook ( tests/fixtures/other_story/strike.yaml ) is not the one measured" in text
    assert "is not the one measured" not in _text(reliability_html(panjshir))
