"""Read the derived tables back for notebooks and the report.

``Derived(folder)`` loads each table on first access and keeps it; article ids and outlets stay
strings and empty text cells stay empty strings. A table that was never written raises
:class:`~analysis.errors.InputError` naming the file (run ``analysis run`` first).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from .article_index import ArticleRanges, article_ranges, read_ranges
from .errors import InputError

# Columns that hold text: read as strings (ids like "000" keep their zeros; an all-empty column
# stays text instead of becoming a column of NaN floats).
STRING_COLUMNS = {
    name: str
    for name in (
        "article_id outlet text published title url outlet_domain outlet_country outlet_type "
        "outlet_confidence outlet_evidence text_date published_source sha256 source kind "
        "post_author post_handle post_date block_kind speaker speaker_side speaker_type "
        "speaker_as_written platform via cue quote construction voice actor side label term hedge "
        "stance evidence event_id event first_article_id outlet_a article_a text_a outlet_b "
        "article_b text_b outlets"
    ).split()
}


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read ``folder/name.csv`` with ids as strings and empty text as ``""``."""
    return _text_as_strings(_read_csv(_existing(Path(folder) / f"{name}.csv")))


def _existing(path: Path) -> Path:
    if not path.exists():
        raise InputError(path, "does not exist; build the tables first (analysis run --no-report)")
    return path


def _read_csv(source: Path | io.BytesIO, **options: Any) -> pd.DataFrame:
    """``pd.read_csv`` with ids and text as strings and only empty cells missing."""
    return pd.read_csv(source, dtype=STRING_COLUMNS, keep_default_na=False, na_values=[""], **options)


def _text_as_strings(table: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells as ``""`` rather than missing values."""
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].fillna("")
    return table


TABLES = frozenset(
    {
        "articles",
        "blocks",
        "sentences",
        "attributions",
        "sentence_tone",
        "tone_segments",
        "target_tone",
        "labels",
        "hedges",
        "claims",
        "assertions",
        "events",
        "voices_speakers",
        "voices_sides",
        "voices_platforms",
        "voices_kinds",
        "labels_by_outlet",
        "hedging",
        "tone_sides",
        "tone_actors",
        "tone_outlets",
        "tone_articles",
        "tone_agreement",
        "tone_voices",
        "claims_by_outlet",
        "event_matrix",
        "wire_copy",
        "wire_clusters",
        "wire_outlet_pairs",
    }
)


# Rows per piece when a table is read in pieces (a few hundred MB at most for the widest table).
PIECE_ROWS = 200_000


class Derived:
    """Lazy access to every derived table in one folder: ``Derived(folder).attributions``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._cache: dict[str, pd.DataFrame] = {}
        self._ranges: dict[str, tuple[bytes, ArticleRanges]] = {}

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` (read once, then kept)."""
        if name not in self._cache:
            self._cache[name] = read_table(self.folder, name)
        return self._cache[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    @property
    def outlets(self) -> list[str]:
        """Outlets in the corpus, sorted."""
        return sorted(set(self.articles["outlet"]))

    def article_rows(self, name: str, article_id: str) -> pd.DataFrame:
        """The rows of table ``name`` that belong to one article, in file order, without
        loading the table: the first call scans the file once for where each article's rows
        lie (:mod:`analysis.article_index`), later calls read only those bytes. An article
        with no rows gives an empty table with the table's columns. A table already loaded
        is filtered in memory."""
        if name in self._cache:
            table = self._cache[name]
            return table[table["article_id"] == article_id].reset_index(drop=True)
        path = self.folder / f"{name}.csv"
        if name not in self._ranges:
            self._ranges[name] = article_ranges(_existing(path))
        header, ranges = self._ranges[name]
        return _text_as_strings(_read_csv(io.BytesIO(read_ranges(path, header, ranges.get(article_id, [])))))

    def pieces(self, name: str, rows: int = PIECE_ROWS) -> Iterator[pd.DataFrame]:
        """Table ``name`` in file order, ``rows`` rows at a time, so a per-article table of an
        archive is never held whole (a table already loaded is yielded as one piece). Each
        piece reads ids and text as :func:`read_table` does; a table with no rows yields one
        empty piece with its columns."""
        if name in self._cache:
            yield self._cache[name]
            return
        empty = True
        for piece in _read_csv(_existing(self.folder / f"{name}.csv"), chunksize=rows):
            empty = False
            yield _text_as_strings(piece)
        if empty:
            yield read_table(self.folder, name)

    def rows_where(self, name: str, column: str, values: set) -> pd.DataFrame:
        """Rows of table ``name`` whose ``column`` is in ``values``, read in pieces so a table
        larger than memory (``wire_copy`` of an archive) is never loaded whole. Rows keep their
        file order."""
        pieces = [piece[piece[column].isin(values)] for piece in self.pieces(name)]
        return pd.concat(pieces, ignore_index=True)
