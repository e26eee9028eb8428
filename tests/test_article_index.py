"""One article's rows read from a derived table without loading the table."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import atomic, config
from analysis.article_index import article_ranges
from analysis.derived import Derived, read_table
from analysis.errors import InputError


def test_each_article_of_the_default_corpus_reads_back_exactly_its_rows():
    """Sentences and blocks of the five articles: quoted fields with commas, curly and straight
    quotes, embedded posts with line breaks all survive the byte-range reading."""
    derived = Derived(config.DERIVED_DIR)
    for name in ("sentences", "blocks"):
        whole = read_table(config.DERIVED_DIR, name)
        assert whole["text"].str.contains('"').any() and whole["text"].str.contains(",").any()
        for article_id, expected in whole.groupby("article_id", sort=False):
            got = derived.article_rows(name, article_id)
            pd.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_dtype=False)


def test_rows_of_one_article_may_be_split_and_fields_may_hold_line_breaks_and_quotes(tmp_path):
    table = pd.DataFrame(
        {
            "article_id": ["a", "b", "a", "c,d", 'e"f'],
            "start": [0, 0, 10, 0, 0],
            "text": ['He said "no,\nnever."', "plain", "line\r\nbreak", "", '"quoted"'],
        }
    )
    atomic.write_csv(tmp_path / "sentences.csv", table)
    header, ranges = article_ranges(tmp_path / "sentences.csv")
    assert header == b"article_id,start,text\n"
    assert len(ranges["a"]) == 2 and set(ranges) == {"a", "b", "c,d", 'e"f'}
    derived = Derived(tmp_path)
    assert derived.article_rows("sentences", "a")["text"].tolist() == [
        'He said "no,\nnever."',
        "line\r\nbreak",
    ]
    assert derived.article_rows("sentences", "c,d")["text"].tolist() == [""]
    assert derived.article_rows("sentences", 'e"f')["start"].tolist() == [0]
    missing = derived.article_rows("sentences", "zzz")
    assert missing.empty and list(missing.columns) == ["article_id", "start", "text"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "is empty"), (b"outlet,article_id\nx,1\n", "first column is 'outlet'")],
)
def test_a_table_that_cannot_be_indexed_gets_a_one_line_error(tmp_path, content, problem):
    (tmp_path / "sentences.csv").write_bytes(content)
    with pytest.raises(InputError, match=problem):
        Derived(tmp_path).article_rows("sentences", "1")
    with pytest.raises(InputError, match="does not exist"):
        Derived(tmp_path).article_rows("blocks", "1")


def test_a_quoted_id_in_a_row_longer_than_the_csv_module_default_is_read(tmp_path):
    """The first field of a quoted record is read with csv, which parses the whole row: a
    300,000-character block must not hit csv's default limit of 131,072 a field."""
    text = "The valley fell, the Taliban said. " * 8_600
    table = pd.DataFrame({"article_id": ["a,1", "b"], "start": [0, 0], "text": [text, "short"]})
    atomic.write_csv(tmp_path / "blocks.csv", table)
    assert Derived(tmp_path).article_rows("blocks", "a,1")["text"].tolist() == [text]
