"""Evidence picked from tables read in pieces equals what the whole table gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import atomic, config
from analysis.aggregate import micro, micro_column
from analysis.derived import Derived, read_table
from analysis.report.sampling import extreme_rows, first_rows

# Small pieces, so every table of the default corpus is split many times and groups straddle
# piece boundaries.
PIECE = 7


def _pieces(name: str):
    return Derived(config.DERIVED_DIR).pieces(name, rows=PIECE)


@pytest.mark.parametrize(
    ("name", "column", "where"),
    [
        ("attributions", "outlet", None),
        ("attributions", "platform", None),
        ("hedges", "outlet", ("voice", "narration")),
        ("events", "event_id", None),
        ("tone_segments", "outlet", ("voice", "narration")),
    ],
)
@pytest.mark.parametrize("limit", [1, 3, 40])
def test_first_rows_per_group_match_the_whole_table(name, column, where, limit):
    whole = read_table(config.DERIVED_DIR, name)
    mask = (lambda t: t[where[0]] == where[1]) if where else None
    expected = whole[mask(whole)] if mask else whole
    assert len(whole) > PIECE
    got = first_rows(_pieces(name), limit, key=lambda t: t[column], where=mask)
    assert set(got) == set(expected[column])
    for value, rows in expected.groupby(column, sort=False):
        group = got[value]
        pd.testing.assert_frame_equal(group.rows, rows.head(limit).reset_index(drop=True), check_dtype=False)
        assert group.count == len(rows)
        assert group.outlets == set(rows["outlet"])


@pytest.mark.parametrize(
    ("name", "by", "column"),
    [
        # most narration segments score exactly 0: ties broken by file order
        ("tone_segments", ["polarity"], "outlet"),
        ("tone_segments", ["polarity", "article_id", "start"], "outlet"),
        ("target_tone", ["score", "article_id", "start"], "side"),
        ("attributions", ["speaker"], "outlet"),
    ],
)
@pytest.mark.parametrize(("head", "tail"), [(3, 3), (4, 4), (1, 0), (0, 2)])
def test_extreme_rows_match_a_stable_sort_of_the_whole_table(name, by, column, head, tail):
    whole = read_table(config.DERIVED_DIR, name)
    got = extreme_rows(_pieces(name), by, head, tail, key=lambda t: t[column])
    assert set(got) == set(whole[column])
    for value, rows in whole.groupby(column, sort=False):
        ordered = rows.sort_values(by, kind="stable")
        if len(ordered) > head + tail:
            ordered = pd.concat([ordered.head(head), ordered.tail(tail)])
        pd.testing.assert_frame_equal(got[value].rows, ordered.reset_index(drop=True), check_dtype=False)
        assert got[value].count == len(rows)


def test_ties_keep_file_order_across_pieces():
    table = pd.DataFrame(
        {"outlet": ["A"] * 6, "score": [0.0, 0.0, -1.0, 0.0, 0.0, 0.0], "article_id": list("uvwxyz")}
    )
    pieces = [table.iloc[i : i + 2] for i in range(0, 6, 2)]
    got = extreme_rows(pieces, ["score"], head=2, tail=2)[None].rows
    assert got["article_id"].tolist() == ["w", "u", "y", "z"]


def test_one_group_and_a_filter_that_keeps_nothing():
    whole = read_table(config.DERIVED_DIR, "claims")
    everything = first_rows(_pieces("claims"), 80)
    assert list(everything) == [None] and everything[None].count == len(whole)
    assert first_rows(_pieces("claims"), 80, where=lambda t: t["stance"] == "no such stance") == {}


def test_a_table_with_no_rows_is_one_empty_piece_with_its_columns(tmp_path):
    atomic.write_csv(tmp_path / "claims.csv", pd.DataFrame(columns=["article_id", "outlet", "stance"]))
    pieces = list(Derived(tmp_path).pieces("claims"))
    assert len(pieces) == 1 and pieces[0].empty
    assert list(pieces[0].columns) == ["article_id", "outlet", "stance"]
    assert first_rows(pieces, 10) == {} and extreme_rows(pieces, ["stance"], 2, 2) == {}
    assert Derived(tmp_path).rows_where("claims", "stance", {"x"}).empty


def test_micro_column_rounds_exactly_as_micro():
    values = [0.0, -0.0, 0.5, -0.5, 1e-6, 2.5e-6, -2.5e-6, 0.1234565, 0.3333333333, -1.0, 1.0, 0.0000005]
    rng = np.random.default_rng(20210906)
    values += list(np.round(rng.uniform(-1, 1, 5000), 6)) + list(rng.uniform(-1, 1, 5000))
    series = pd.Series(values)
    assert micro_column(series).tolist() == [micro(v) for v in values]
