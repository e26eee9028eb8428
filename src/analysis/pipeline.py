"""Wire the stages: corpus -> parse -> attribution, tone, framing -> derived tables.

:func:`build_tables` is the one entry point used by the CLI (``analysis run``), the first
notebook and the Makefile. It streams the corpus in chunks and runs every per-article stage on
each chunk (:func:`process_chunk`), appending rows to the per-article tables and keeping small
additive per-outlet counts. When every chunk succeeded it combines the counts, computes the
corpus-level tables (tone distributions, agreement, event matrix, shared wire copy) from the
finished per-article tables, and only then moves everything into the derived folder: a failed
run leaves the previous tables untouched.

Every table is sorted the same way whatever the chunk size, so a run in chunks writes the same
bytes as a run in one pass.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import atomic, framing, sentiment, voices, wirecopy
from .attribution import attribution_rows, attributions_frame
from .codebook import Codebook, load_codebook
from .corpus import Article, iter_articles, iter_corpus
from .derived import read_table
from .narration import merge_spans
from .parse import CONTENT_KINDS, ParsedArticle
from .tables import (
    article_columns,
    build_parse_tables,
    date_conflicts,
    extra_meta_keys,
    parse_articles,
)

# Per-article tables, in the order they are written.
CHUNK_TABLES = (
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
)
# Additive per-outlet counts: name -> group keys (every other column is summed).
PARTIALS: dict[str, list[str]] = {
    **{name: ["outlet", *keys] for name, (_, keys, _) in voices.AGGREGATES.items()},
    "labels_by_outlet": ["outlet", "side", "label", "voice"],
    "words_by_outlet": ["outlet"],
    "tone_sides": ["outlet", "side", "voice"],
    "tone_actors": ["outlet", "actor", "side"],
}


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


def _frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def _content_sentences(parse: ParsedArticle) -> list:
    kinds = {b.block_id: b.kind for b in parse.blocks}
    return [s for s in parse.sentences if kinds[s.block_id] in CONTENT_KINDS]


def article_stages(article: Article, parse: ParsedArticle, codebook: Codebook) -> dict[str, list[tuple]]:
    """Rows of every per-article table beyond the parse, for one article."""
    text, article_id, outlet = article.text, article.article_id, article.outlet
    attributions = attribution_rows(article_id, outlet, text, parse, codebook)
    frame = attributions_frame(attributions)
    spans = merge_spans(zip(frame["quote_start"], frame["quote_end"], strict=True))
    speakers = {
        (int(s), int(e))
        for s, e in zip(frame["speaker_start"], frame["speaker_end"], strict=True)
        if pd.notna(s)
    }
    sentences = _content_sentences(parse)
    return {
        "attributions": attributions,
        "tone_segments": sentiment.segment_rows(article_id, outlet, text, sentences, spans),
        "target_tone": sentiment.target_rows(article_id, outlet, text, sentences, spans, codebook, speakers),
        "labels": framing.label_rows(article_id, outlet, text, sentences, spans, codebook),
        "hedges": framing.hedge_rows(article_id, outlet, text, sentences, spans, codebook),
        "claims": framing.claim_rows(frame, text, codebook),
        "assertions": framing.assertion_rows(article_id, outlet, text, sentences, spans, codebook),
        "events": framing.event_rows(article_id, outlet, text, sentences, spans, codebook),
    }


STAGE_COLUMNS = {
    "tone_segments": sentiment.SEGMENT_COLUMNS,
    "target_tone": sentiment.TARGET_COLUMNS,
    "labels": framing.LABEL_COLUMNS,
    "hedges": framing.HEDGE_COLUMNS,
    "claims": framing.CLAIM_COLUMNS,
    "assertions": framing.ASSERTION_COLUMNS,
    "events": framing.EVENT_COLUMNS,
}


def partial_counts(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The additive per-outlet counts of one chunk (see :data:`PARTIALS`)."""
    parts = {name: function(tables["attributions"]) for name, (function, _, _) in voices.AGGREGATES.items()}
    parts["labels_by_outlet"] = framing.labels_by_outlet(tables["labels"])
    segments = tables["tone_segments"]
    words = (
        segments.pivot_table(index="outlet", columns="voice", values="n_words", aggfunc="sum", fill_value=0)
        if len(segments)
        else pd.DataFrame()
    )
    parts["words_by_outlet"] = (
        pd.DataFrame(
            {
                "outlet": list(words.index),
                "narration_words": [
                    int(words.at[o, "narration"]) if "narration" in words else 0 for o in words.index
                ],
                "quoted_words": [int(words.at[o, "quoted"]) if "quoted" in words else 0 for o in words.index],
            }
        )
        if len(words)
        else pd.DataFrame(columns=["outlet", "narration_words", "quoted_words"])
    )
    parts["tone_sides"] = sentiment.target_counts(tables["target_tone"], ["outlet", "side", "voice"])
    parts["tone_actors"] = sentiment.target_counts(tables["target_tone"], ["outlet", "actor", "side"])
    return parts


def process_chunk(
    articles: Sequence[Article],
    codebook: Codebook,
    corpus_root: Path,
    meta_columns: Sequence[str],
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], list[str]]:
    """Run every per-article stage on one chunk: tables, additive counts, warning lines."""
    parsed = parse_articles(articles)
    tables = build_parse_tables(articles, parsed, corpus_root, meta_columns)
    rows: dict[str, list[tuple]] = {name: [] for name in ("attributions", *STAGE_COLUMNS)}
    for article, parse in zip(articles, parsed, strict=True):
        for name, found in article_stages(article, parse, codebook).items():
            rows[name].extend(found)
    tables["attributions"] = attributions_frame(rows.pop("attributions"))
    for name, columns in STAGE_COLUMNS.items():
        tables[name] = _frame(rows[name], columns)
    tables["sentence_tone"] = sentiment.sentence_tone(tables["sentences"])
    return tables, partial_counts(tables), date_conflicts(articles, parsed)


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


def combine(parts: Sequence[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """Re-sum chunk counts on ``keys`` (every other column is a count), sorted by ``keys``."""
    frames = [p for p in parts if len(p)]
    if not frames:
        return parts[0] if parts else pd.DataFrame(columns=keys)
    table = pd.concat(frames, ignore_index=True)
    numeric = [c for c in table.columns if c not in keys]
    return table.groupby(keys, sort=True, dropna=False)[numeric].sum().reset_index()


def corpus_tables(
    stage: Path, parts: Mapping[str, list[pd.DataFrame]], codebook: Codebook
) -> dict[str, pd.DataFrame]:
    """Every corpus-level table, from the combined counts and the finished per-article tables."""
    out: dict[str, pd.DataFrame] = {}
    for name in voices.AGGREGATES:
        out[name] = voices.finish(name, parts[name])
    out["labels_by_outlet"] = combine(parts["labels_by_outlet"], PARTIALS["labels_by_outlet"])
    hedges = read_table(stage, "hedges")
    words = combine(parts["words_by_outlet"], ["outlet"])
    out["hedging"] = framing.hedging_rates(framing.hedging_counts(hedges, words))
    sides = combine(parts["tone_sides"], PARTIALS["tone_sides"])
    every_voice = combine([sides.assign(voice="all")], ["outlet", "side", "voice"]) if len(sides) else sides
    out["tone_sides"] = sentiment.target_summary(
        pd.concat([sides, every_voice], ignore_index=True).sort_values(["outlet", "side", "voice"])
        if len(sides)
        else sides
    )
    out["tone_actors"] = sentiment.target_summary(combine(parts["tone_actors"], PARTIALS["tone_actors"]))
    tone = read_table(stage, "sentence_tone")
    out["tone_outlets"] = sentiment.sentence_distribution(tone, "outlet")
    articles = read_table(stage, "articles")[["article_id", "outlet"]]
    by_article = sentiment.sentence_distribution(tone, "article_id")
    out["tone_articles"] = (
        articles.merge(by_article, on="article_id", how="left") if len(by_article) else by_article
    )
    out["tone_agreement"] = sentiment.agreement(tone)
    segments = read_table(stage, "tone_segments")
    out["tone_voices"] = sentiment.weighted_tone(segments, ["outlet", "voice"])
    outlets = sorted(set(articles["outlet"]))
    out["claims_by_outlet"] = framing.claims_by_outlet(
        read_table(stage, "claims"), read_table(stage, "assertions"), outlets
    )
    out["event_matrix"] = framing.event_matrix(read_table(stage, "events"), codebook, outlets)
    out["wire_copy"] = wirecopy.shared_sentences(read_table(stage, "sentences"))
    return out


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
    with atomic.staged_directory(Path(derived_dir), owned=("*.csv",)) as stage:
        appender = _TableAppender(stage)
        parts: dict[str, list[pd.DataFrame]] = {name: [] for name in PARTIALS}
        chunks = iter_corpus(options.corpus, options.chunk_size, options.columns, options.outlets)
        for chunk in chunks:
            tables, counts, warnings = process_chunk(chunk, codebook, Path(options.corpus), meta_columns)
            for line in warnings:
                warn(line)
                summary.warnings.append(line)
            for name in CHUNK_TABLES:
                appender.append(name, tables[name])
            for name in PARTIALS:
                parts[name].append(counts[name])
        for name, table in corpus_tables(stage, parts, codebook).items():
            atomic.write_csv(stage / f"{name}.csv", table)
            appender.rows[name] = len(table)
        summary.rows = dict(appender.rows)
    return summary
