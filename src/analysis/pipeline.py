"""Wire the stages: corpus -> parse -> tone (and later stages) -> derived tables.

:func:`build_tables` is the one entry point used by the CLI (``analysis run``), the first
notebook and the Makefile. It streams the corpus in chunks, runs the per-article stages on each
chunk, appends their rows to the tables, and only when every chunk succeeded moves the finished
tables into the derived folder (so a failed run leaves the previous tables untouched).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import atomic, voices
from .attribution import attribution_rows, attributions_frame
from .codebook import Codebook, load_codebook
from .corpus import Article, iter_articles, iter_corpus
from .sentiment import sentence_tone
from .tables import (
    article_columns,
    build_parse_tables,
    date_conflicts,
    extra_meta_keys,
    parse_articles,
)

# Per-article tables, in the order they are written.
CHUNK_TABLES = ("articles", "blocks", "sentences", "attributions", "sentence_tone")
# Corpus-level tables combined from per-chunk counts.
AGGREGATE_TABLES = tuple(voices.AGGREGATES)


@dataclass(frozen=True)
class RunOptions:
    """What a run reads and how it processes it."""

    corpus: Path
    codebook: Path
    columns: Mapping[str, str] | None = None
    outlets: Sequence[str] | None = None
    chunk_size: int = 500


@dataclass
class RunSummary:
    """What a run wrote: table name -> number of rows; warnings printed on the way."""

    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    derived_dir: Path | None = None


def process_chunk(
    articles: Sequence[Article],
    codebook: Codebook,
    corpus_root: Path,
    meta_columns: Sequence[str],
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Run every per-article stage on one chunk: tables by name, plus warning lines."""
    parsed = parse_articles(articles)
    tables = build_parse_tables(articles, parsed, corpus_root, meta_columns)
    rows = []
    for article, parse in zip(articles, parsed, strict=True):
        rows.extend(
            attribution_rows(article.article_id, article.outlet, article.text, parse, codebook)
        )
    tables["attributions"] = attributions_frame(rows)
    tables["sentence_tone"] = sentence_tone(tables["sentences"])
    for name, (function, _, _) in voices.AGGREGATES.items():
        tables[name] = function(tables["attributions"])
    return tables, date_conflicts(articles, parsed)


class _TableAppender:
    """Append chunk tables to CSV files, writing each header once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows: dict[str, int] = {}

    def append(self, name: str, table: pd.DataFrame) -> None:
        path = self.folder / f"{name}.csv"
        first = name not in self.rows
        data = atomic.table_to_csv_bytes(table)
        if not first:
            data = data.split(b"\n", 1)[1]
        with path.open("ab") as handle:
            handle.write(data)
        self.rows[name] = self.rows.get(name, 0) + len(table)


def first_chunk_meta(options: RunOptions) -> list[str]:
    """Metadata columns of ``articles.csv``, fixed from the corpus's first articles."""
    sample = []
    for article in iter_articles(options.corpus, options.columns):
        sample.append(article)
        if len(sample) >= options.chunk_size:
            break
    return article_columns(extra_meta_keys(sample))


def build_tables(
    options: RunOptions,
    derived_dir: Path,
    warn: Callable[[str], None] | None = None,
) -> RunSummary:
    """Build every derived table for the corpus in ``options`` into ``derived_dir``.

    Raises :class:`~analysis.errors.InputError` on bad input before anything is written to
    ``derived_dir``: tables are assembled in a staging folder and moved in at the end.
    """
    warn = warn or (lambda line: print(f"warning: {line}", file=sys.stderr))
    summary = RunSummary(derived_dir=Path(derived_dir))
    codebook = load_codebook(options.codebook)
    meta_columns = first_chunk_meta(options)
    with atomic.staged_directory(Path(derived_dir)) as stage:
        appender = _TableAppender(stage)
        chunks: Iterable[list[Article]] = iter_corpus(
            options.corpus, options.chunk_size, options.columns, options.outlets
        )
        parts: dict[str, list[pd.DataFrame]] = {name: [] for name in AGGREGATE_TABLES}
        for chunk in chunks:
            tables, warnings = process_chunk(chunk, codebook, Path(options.corpus), meta_columns)
            for line in warnings:
                warn(line)
                summary.warnings.append(line)
            for name in CHUNK_TABLES:
                appender.append(name, tables[name])
            for name in AGGREGATE_TABLES:
                parts[name].append(tables[name])
        for name in AGGREGATE_TABLES:
            table = voices.finish(name, parts[name])
            atomic.write_csv(stage / f"{name}.csv", table)
            appender.rows[name] = len(table)
        summary.rows = dict(appender.rows)
    return summary
