"""Tables as CSV bytes: the column-by-column writer gives pandas' own bytes, whatever the text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import chunks, csvtext
from analysis.tables import article_columns, extra_meta_keys


def pandas_bytes(table: pd.DataFrame) -> bytes:
    """The reference: pandas' writer with the project's float format."""
    return table.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


def test_csv_bytes_match_pandas_float_format_on_awkward_floats_and_text():
    """Floats formatted before pandas writes them give pandas' own ``float_format`` bytes."""
    table = pd.DataFrame(
        {
            "article_id": ["a", "b,c", 'say "x"', "", "e", "f", "g"],
            "polarity": [0.25, float("nan"), -0.0, 1e-07, 123456789.0, float("inf"), -1 / 3],
            "n": [1, 2, 3, 4, 5, 6, 7],
            "nullable": pd.array([0.5, None, 2.0, None, 1.0, None, 0.125], dtype="Float64"),
            "share": np.array([1.0, 2.5, np.nan, 0.1, 0.2, 0.3, 1e300], dtype=np.float64),
            "single": np.array([0.1, 2.0, np.nan, 1 / 3, -5.0, 7e-5, 3e38], dtype=np.float32),
        }
    )
    expected = pandas_bytes(table)
    assert csvtext.table_to_csv_bytes(table) == expected
    assert b",-0," in expected and b",1e-07," in expected and b",inf," in expected
    assert b",3,2," in expected  # the nullable Float64 2.0 is written "2", not "2.0"
    lone = pd.DataFrame({"polarity": [float("nan"), 0.5]})  # an empty lone field is quoted
    assert csvtext.table_to_csv_bytes(lone) == pandas_bytes(lone)
    assert csvtext.table_to_csv_bytes(lone).startswith(b'polarity\n""\n')
    empty = pd.DataFrame({"polarity": pd.Series([], dtype=float)})
    assert csvtext.table_to_csv_bytes(empty) == b"polarity\n"
    assert table["polarity"].isna().sum() == 1  # the caller's table is left as it was


def test_missing_values_of_every_kind_are_empty_fields():
    table = pd.DataFrame(
        {
            "speaker": ["Massoud", None, "Saleh", np.nan],
            "speaker_start": pd.array([10, None, 30, None], dtype="Int64"),
            "hedged": pd.array([True, None, False, True], dtype="boolean"),
            "flag": [True, False, True, False],
            "count": np.array([1, 2, 3, 2**63 - 1], dtype=np.int64),
            "outlet": pd.array(["BBC", pd.NA, "Al Jazeera", "TOLOnews"], dtype="string"),
        }
    )
    written = csvtext.table_to_csv_bytes(table)
    assert written == pandas_bytes(table)
    assert written.split(b"\n")[2] == b",,,False,2,"
    assert b"<NA>" not in written and b"nan" not in written


def test_tables_pandas_must_write_are_left_to_pandas():
    """Dates, categories, numbers in a text column and labels that are not text: same bytes."""
    table = pd.DataFrame(
        {
            "date": pd.to_datetime(["2021-09-05", "2021-09-06"]),
            "kind": pd.Categorical(["quote", "paraphrase"]),
            "mixed": ["7", 7],
            "n": [1, 2],
        }
    )
    assert csvtext.table_to_csv_bytes(table) == pandas_bytes(table)
    numbered = pd.DataFrame({0: ["a,b", "c"], 1: [0.5, 1.0]})
    assert csvtext.table_to_csv_bytes(numbered) == pandas_bytes(numbered)


_AWKWARD = st.text(alphabet="ab ,\"\n\r\t'’“é\u00a0😀", max_size=8)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.one_of(_AWKWARD, st.none()),
            st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.none()),
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            _AWKWARD,
        ),
        max_size=6,
    ),
    st.sampled_from(["text", "a,b", 'say "x"', "line\nbreak", "carriage\rreturn"]),
)
def test_any_text_and_numbers_give_pandas_bytes(rows, label):
    """Commas, quotes, line breaks, a lone carriage return (whose quoting differs between Python
    versions), non-ASCII text, missing text and floats, in cells and in a column label."""
    table = pd.DataFrame(rows, columns=[label, "polarity", "n", "quote"])
    table["n"] = table["n"].astype(np.int64)
    table["polarity"] = table["polarity"].astype(np.float64)
    assert csvtext.table_to_csv_bytes(table) == pandas_bytes(table)


def test_every_chunk_table_of_the_corpus_gives_pandas_bytes(corpus, codebook):
    """The tables the pipeline writes, from the five articles with their curly quotes, embedded
    posts, empty cues and nullable offsets, are written column by column and byte for byte."""
    articles = [corpus[key] for key in sorted(corpus)]
    tables, _ = chunks.chunk_tables(articles, codebook, article_columns(extra_meta_keys(articles)))
    for name in chunks.CHUNK_TABLES:
        table = tables[name]
        assert csvtext._column_fields(table) is not None, name
        assert csvtext.table_to_csv_bytes(table) == pandas_bytes(table), name
    assert str(tables["attributions"]["speaker_start"].dtype) == "Int64"
    assert (tables["attributions"]["kind"] == "embedded_post").any()
    assert tables["sentences"]["text"].str.contains('[,"]').any()


@pytest.mark.parametrize("value", ["a\rb", "\r", "x,\ry", 'q"\r'])
def test_a_carriage_return_is_quoted_as_this_python_quotes_it(value):
    table = pd.DataFrame({"text": [value], "n": [1]})
    assert csvtext.table_to_csv_bytes(table) == pandas_bytes(table)


def test_tables_written_in_parts_join_into_the_whole_table():
    """Appending each further part's rows without its header gives the bytes of the whole table."""
    whole = pd.DataFrame({"text": ["a,b", 'say "x"', "c", "line\nbreak"], "n": [1, 2, 3, 4]})
    first, second = whole.iloc[:2], whole.iloc[2:]
    joined = csvtext.table_to_csv_bytes(first) + bytes(
        csvtext.rows_without_header(csvtext.table_to_csv_bytes(second))
    )
    assert joined == csvtext.table_to_csv_bytes(whole) == pandas_bytes(whole)
    assert bytes(csvtext.rows_without_header(b"text,n\n")) == b""
