"""Read the derived tables back for notebooks and the report.

``Derived(folder)`` loads each table on first access and keeps it; article ids and outlets stay
strings and empty text cells stay empty strings. A table that was never written raises
:class:`~analysis.errors.InputError` naming the file (run ``analysis run`` first).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pandas as pd

from .errors import InputError

STRING_COLUMNS = {
    "article_id": str,
    "outlet": str,
    "text": str,
    "published": str,
    "title": str,
    "speaker": str,
    "quote": str,
    "via": str,
    "cue": str,
    "label": str,
    "term": str,
}


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read ``folder/name.csv`` with ids as strings and empty text as ``""``."""
    path = Path(folder) / f"{name}.csv"
    if not path.exists():
        raise InputError(path, "does not exist; build the tables first (analysis run --no-report)")
    table = pd.read_csv(path, dtype=STRING_COLUMNS, keep_default_na=False, na_values=[""])
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].fillna("")
    return table


class Derived:
    """Lazy access to every derived table in one folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def table(self, name: str) -> pd.DataFrame:
        return read_table(self.folder, name)

    @cached_property
    def articles(self) -> pd.DataFrame:
        return self.table("articles")

    @cached_property
    def blocks(self) -> pd.DataFrame:
        return self.table("blocks")

    @cached_property
    def sentences(self) -> pd.DataFrame:
        return self.table("sentences")

    @cached_property
    def sentence_tone(self) -> pd.DataFrame:
        return self.table("sentence_tone")

    @property
    def outlets(self) -> list[str]:
        """Outlets in the corpus, sorted."""
        return sorted(set(self.articles["outlet"]))
