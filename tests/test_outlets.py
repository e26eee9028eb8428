"""Folding the long tail of outlets into one group: a real outlet never merges with it, and what
the report counts as outlets are outlets, never the group."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.report.context import ReportContext

FIXTURES = Path(__file__).parent / "fixtures" / "other_story"


class _Tables:
    """Just the articles table, which is all outlet folding reads."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.articles = pd.DataFrame(
            [(f"{outlet}-{i}", outlet) for outlet, n in counts.items() for i in range(n)],
            columns=["article_id", "outlet"],
        )


def _context(counts: dict[str, int], top_n: int) -> ReportContext:
    return ReportContext(
        derived=_Tables(counts), codebook=None, figures_dir=None, benchmark_dir=None, top_n=top_n
    )


def test_an_outlet_called_other_stays_apart_from_the_group_of_the_rest():
    ctx = _context({"other": 5, "Daily": 4, "Courier": 2, "Gazette": 1, "Post": 1}, top_n=2)
    assert ctx.order == ["other", "Daily", "3 other outlets"]
    assert ctx.mapping["other"] == "other" and ctx.mapping["Post"] == ctx.other == "3 other outlets"
    table = pd.DataFrame({"outlet": ["other", "Daily", "Courier", "Gazette", "Post"], "n": [10, 20, 1, 2, 4]})
    folded = ctx.fold(table, [], ["n"]).set_index("outlet")["n"].to_dict()
    assert folded == {"other": 10, "Daily": 20, "3 other outlets": 7}
    assert "other" in ctx.outlet_colors and ctx.outlet_colors["other"] != ctx.outlet_colors.get(ctx.other)


def test_an_outlet_called_other_among_the_folded_is_counted_in_the_group():
    ctx = _context({"Daily": 4, "Courier": 2, "other": 1}, top_n=2)
    assert ctx.order == ["Daily", "Courier", "1 other outlet"]
    assert ctx.n_grouped == 1


def test_the_group_is_never_named_like_a_real_outlet():
    from analysis.outlets import group_label, outlet_order, top_outlets

    assert group_label({"A", "B"}, 40) == "40 other outlets"
    assert group_label({"40 other outlets"}, 40) == "40 other outlets (grouped)"
    assert (
        group_label({"1 other outlet", "1 other outlet (grouped)"}, 1) == "1 other outlet (grouped) (grouped)"
    )
    articles = pd.DataFrame({"outlet": ["1 other outlet", "1 other outlet", "B"]})
    mapping = top_outlets(articles, 1)
    assert mapping == {"1 other outlet": "1 other outlet", "B": "1 other outlet (grouped)"}
    assert outlet_order(mapping) == ["1 other outlet", "1 other outlet (grouped)"]


def test_nothing_is_grouped_when_every_outlet_fits():
    from analysis.outlets import outlet_order, top_outlets

    ctx = _context({"other": 1, "Daily": 1}, top_n=10)
    assert ctx.order == ["Daily", "other"] and ctx.n_grouped == 0 and not ctx.folded
    assert outlet_order(top_outlets(pd.DataFrame({"outlet": ["A"]}), 0)) == ["A"]


@pytest.fixture(scope="module")
def grouped_ctx(tmp_path_factory):
    """Four outlets of a port strike, the top one shown and three grouped: "a deal" is reported
    by the top outlet and one grouped outlet, "ships diverted" by two grouped outlets, which
    also state the strike's end in their own voice."""
    from analysis.report.context import open_report

    rows = [
        ("top-1", "Top Daily", "A deal was announced on Monday. The union said nothing."),
        ("top-2", "Top Daily", "The port was quiet. Maria Lopes said the strike is over."),
        ("b-1", "B Post", "A deal was signed by the employers."),
        ("c-1", "C Courier", "Ships were diverted to Rotterdam. The strike ended on Tuesday."),
        ("d-1", "D Gazette", "Vessels were rerouted overnight. The strike ended at dawn."),
    ]
    folder = tmp_path_factory.mktemp("grouped")
    corpus = folder / "strike.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": i, "outlet": o, "text": t}) + "\n" for i, o, t in rows), encoding="utf-8"
    )
    codebook = FIXTURES / "strike.yaml"
    args = ["run", "--corpus", str(corpus), "--codebook", str(codebook), "--no-report", "--workers", "1"]
    assert main([*args, "--out", str(folder / "out")]) == 0
    return open_report(
        folder / "out" / "derived",
        codebook,
        folder / "figures",
        config.BENCHMARK_RESULTS_DIR,
        top_n_outlets=1,
    )


def _figure_title(fragment: str) -> str:
    return html.unescape(re.search(r'<img alt="([^"]*)"', fragment).group(1))


def test_the_events_title_counts_outlets_not_the_group(grouped_ctx):
    from analysis.report.sections import events_html

    assert grouped_ctx.order == ["Top Daily", "3 other outlets"]
    out = events_html(grouped_ctx)
    # Neither event is in all four outlets, and none is in only one (the grouped column is two).
    assert _figure_title(out) == "No event appears in every outlet; 0 of 2 appear in only one"
    data = pd.read_csv(grouped_ctx.figures_dir / "events.csv")
    assert set(data["outlet"]) == {"Top Daily", "3 other outlets"}


def test_the_claims_title_counts_outlets_not_the_group(grouped_ctx):
    from analysis.report.sections import claims_html

    title = _figure_title(claims_html(grouped_ctx))
    assert title.endswith("; 2 outlets assert it in their own voice"), title


def test_the_tone_title_ranks_outlets_not_the_group(grouped_ctx):
    from analysis.report.sections import tone_voice_html

    title = _figure_title(tone_voice_html(grouped_ctx))
    # Every narration segment scores 0 on TextBlob: the four outlets tie (not the two shown
    # groups); VADER's lowest is a grouped outlet, named as itself.
    assert "other outlets" not in title, title
    assert "TextBlob: 4 outlets tie" in title and "VADER: D Gazette" in title, title
