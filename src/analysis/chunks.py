"""The per-article work on one chunk of a corpus, as one function any engine can run.

:func:`process_chunk` parses a chunk, finds attributions, scores tone, counts framing cues, and
returns a :class:`ChunkResult`: the chunk's rows of every per-article table already serialised as
CSV bytes (so the process that writes files only appends bytes), its partial counts for the
corpus-level tables (:mod:`analysis.aggregate`) and its wire-copy sketches
(:mod:`analysis.wirecopy`). It is a pure function of the chunk and the codebook: the same chunk
gives the same result in any process, on any machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import csvtext, framing, sentiment
from .aggregate import Partials, chunk_partials
from .attribution import attribution_rows, attributions_frame
from .codebook import Codebook
from .corpus import Article
from .narration import voice_spans
from .parse import CONTENT_KINDS, ParsedArticle
from .tables import build_parse_tables, date_conflicts, parse_articles
from .wirecopy import Sketches, chunk_sketches

# Per-article tables, in the order they are written.
CHUNK_TABLES = (
    "articles",
    "blocks",
    "sentences",
    "attributions",
    "sentence_tone",
    "tone_segments",
    "target_tone",
    "tone_articles",
    "labels",
    "hedges",
    "claims",
    "assertions",
    "events",
)
STAGE_COLUMNS = {
    "tone_segments": sentiment.SEGMENT_COLUMNS,
    "target_tone": sentiment.TARGET_COLUMNS,
    "labels": framing.LABEL_COLUMNS,
    "hedges": framing.HEDGE_COLUMNS,
    "claims": framing.CLAIM_COLUMNS,
    "assertions": framing.ASSERTION_COLUMNS,
    "events": framing.EVENT_COLUMNS,
}


@dataclass(frozen=True)
class SpilledCsv:
    """A chunk's CSV bytes, written by the process that made them to ``path``, every table's
    bytes after the previous one's: table -> ``(offset, length, header_length)`` in the file."""

    path: Path
    spans: dict[str, tuple[int, int, int]]


@dataclass
class ChunkResult:
    """One chunk's contribution: CSV bytes per table (header included), partials, sketches.
    The CSV bytes are either in ``csv`` or, once :func:`spill_csv` has written them to a file,
    in ``spilled``."""

    csv: dict[str, bytes] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    partials: Partials = field(default_factory=Partials)
    sketches: Sketches = field(default_factory=Sketches)
    outlets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spilled: SpilledCsv | None = None


def _content_sentences(parse: ParsedArticle) -> list:
    kinds = {b.block_id: b.kind for b in parse.blocks}
    return [s for s in parse.sentences if kinds[s.block_id] in CONTENT_KINDS]


def article_stages(article: Article, parse: ParsedArticle, codebook: Codebook) -> dict[str, list[tuple]]:
    """Rows of every per-article table beyond the parse and sentence tone, for one article."""
    text, article_id, outlet = article.text, article.article_id, article.outlet
    attributions = attribution_rows(article_id, outlet, text, parse, codebook)
    spans = voice_spans(text, attributions)
    speakers = {(a.speaker_start, a.speaker_end) for a in attributions if a.speaker_start is not None}
    sentences = _content_sentences(parse)
    folded = framing.fold_sentences(text, sentences)
    return {
        "attributions": attributions,
        "tone_segments": sentiment.segment_rows(article_id, outlet, text, sentences, spans),
        "target_tone": sentiment.target_rows(article_id, outlet, text, sentences, spans, codebook, speakers),
        "labels": framing.label_rows(article_id, outlet, text, sentences, spans, codebook, folded),
        "hedges": framing.hedge_rows(article_id, outlet, text, sentences, spans, codebook, folded),
        "claims": framing.claim_rows(attributions, text, codebook),
        "assertions": framing.assertion_rows(article_id, outlet, text, sentences, spans, codebook, folded),
        "events": framing.event_rows(article_id, outlet, text, sentences, spans, codebook, folded),
    }


def chunk_tables(
    articles: Sequence[Article], codebook: Codebook, meta_columns: Sequence[str]
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Every per-article table of one chunk, and the chunk's warning lines. Article sources are
    written as they are (the pipeline has made them relative to the corpus)."""
    parsed = parse_articles(articles)
    tables = build_parse_tables(articles, parsed, None, meta_columns)
    rows: dict[str, list[tuple]] = {name: [] for name in ("attributions", *STAGE_COLUMNS)}
    for article, parse in zip(articles, parsed, strict=True):
        for name, found in article_stages(article, parse, codebook).items():
            rows[name].extend(found)
    tables["attributions"] = attributions_frame(rows.pop("attributions"))
    for name, columns in STAGE_COLUMNS.items():
        tables[name] = pd.DataFrame(rows[name], columns=list(columns))
    tables["sentence_tone"] = sentiment.sentence_tone(tables["sentences"], tables["tone_segments"])
    by_article = sentiment.sentence_distribution(tables["sentence_tone"], "article_id")
    tables["tone_articles"] = (
        tables["articles"][["article_id", "outlet"]].merge(by_article, on="article_id", how="inner")
        if len(by_article)
        else pd.DataFrame(columns=["article_id", "outlet"])
    )
    return tables, date_conflicts(articles, parsed)


def process_chunk(
    articles: Sequence[Article], codebook: Codebook, meta_columns: Sequence[str]
) -> ChunkResult:
    """Run every per-article stage on one chunk (see the module doc)."""
    tables, warnings = chunk_tables(articles, codebook, meta_columns)
    return ChunkResult(
        csv={name: csvtext.table_to_csv_bytes(tables[name]) for name in CHUNK_TABLES},
        rows={name: len(tables[name]) for name in CHUNK_TABLES},
        partials=chunk_partials(tables),
        sketches=chunk_sketches(tables["sentences"], tables["articles"]),
        outlets=sorted(set(tables["articles"]["outlet"])),
        warnings=warnings,
    )


def spill_csv(result: ChunkResult, path: Path) -> ChunkResult:
    """``result`` with its CSV bytes written to the new file ``path`` (see :class:`SpilledCsv`)
    instead of held in memory: a pool worker hands a chunk's tables to the writing process this
    way, which copies them from file to file instead of receiving them through a pipe. A result
    already spilled is returned as it is."""
    if result.spilled is not None:
        return result
    spans = {}
    offset = 0
    with Path(path).open("xb") as handle:
        for name, data in result.csv.items():
            handle.write(data)
            header = len(data) - len(csvtext.rows_without_header(data))
            spans[name] = (offset, len(data), header)
            offset += len(data)
    return replace(result, csv={}, spilled=SpilledCsv(Path(path), spans))
