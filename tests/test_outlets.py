"""Folding the long tail of outlets into one group: a real outlet never merges with it."""

from __future__ import annotations

import pandas as pd

from analysis.report.context import ReportContext


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
