"""Build the per-article tables (articles, blocks, sentences) from loaded articles.

Each function is pure: lists of articles in, :class:`pandas.DataFrame` out, rows in corpus order
(articles sorted by id for folders, file order for CSV/JSONL), with a fixed column order so that
tables written chunk by chunk are byte-identical to tables written in one pass.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from .corpus import UNKNOWN_OUTLET, Article
from .parse import CONTENT_KINDS, ParsedArticle, count_words, parse_text

# Metadata every table row carries, so any table can be filtered by outlet without a join.
CARRIED = ("article_id", "outlet")
# Manifest fields the report reads; any other manifest column follows them in articles.csv.
ARTICLE_META = (
    "outlet",
    "published",
    "title",
    "url",
    "outlet_domain",
    "outlet_country",
    "outlet_type",
    "outlet_confidence",
    "outlet_evidence",
)
ARTICLE_COUNTS = (
    "text_date",
    "published_source",
    "n_chars",
    "n_words",
    "n_blocks",
    "n_sentences",
    "sha256",
    "source",
)
BLOCK_COLUMNS = (
    "article_id",
    "outlet",
    "block_id",
    "kind",
    "start",
    "end",
    "text",
    "post_author",
    "post_handle",
    "post_date",
)
SENTENCE_COLUMNS = (
    "article_id",
    "outlet",
    "sentence_id",
    "block_id",
    "block_kind",
    "start",
    "end",
    "text",
)


def article_columns(extra_meta: Sequence[str]) -> list[str]:
    """Column order of ``articles.csv``: id, standard metadata, extra metadata, counts."""
    extras = [k for k in extra_meta if k not in ARTICLE_META and k != "article_id"]
    return ["article_id", *ARTICLE_META, *sorted(extras), *ARTICLE_COUNTS]


def extra_meta_keys(articles: Sequence[Article]) -> list[str]:
    """Metadata keys beyond the standard ones, as they first appear in ``articles``."""
    seen: dict[str, None] = {}
    for article in articles:
        for key in article.meta:
            if key not in ARTICLE_META:
                seen.setdefault(key, None)
    return list(seen)


def source_root(corpus: Path) -> Path:
    """The folder article sources are made relative to: the corpus folder, or the folder of a
    corpus file."""
    corpus = Path(corpus)
    return corpus if corpus.is_dir() else corpus.parent


def relative_source(source: str, corpus_root: Path) -> str:
    """The article's source as a path relative to the corpus (stable across machines)."""
    return source_relativizer(corpus_root)(source)


def source_relativizer(corpus_root: Path) -> Callable[[str], str]:
    """:func:`relative_source` for many articles of one corpus: the corpus folder is resolved
    once, and each source file once (every article of a CSV or JSONL corpus shares one), so a
    run does not ask the file system twice per article. Resolutions are kept for the life of
    the returned function only: a later run sees files moved or relinked since."""
    root = source_root(corpus_root).resolve()
    resolved: dict[str, str] = {}

    def relative(source: str) -> str:
        path_part, sep, fragment = source.partition("#")
        rel = resolved.get(path_part)
        if rel is None:
            path = Path(path_part)
            try:
                rel = path.resolve().relative_to(root).as_posix()
            except ValueError:
                rel = path.name
            resolved[path_part] = rel
        return rel + sep + fragment

    return relative


def _published(article: Article, parsed: ParsedArticle) -> tuple[str, str]:
    manifest_date = article.meta.get("published", "")
    if manifest_date:
        return manifest_date, "manifest"
    if parsed.text_date:
        return parsed.text_date, "text"
    return "", "none"


def date_conflicts(articles: Sequence[Article], parsed: Sequence[ParsedArticle]) -> list[str]:
    """One warning line per article whose text date disagrees with its manifest date."""
    lines = []
    for article, parse in zip(articles, parsed, strict=True):
        manifest_date = article.meta.get("published", "")
        if manifest_date and parse.text_date and manifest_date != parse.text_date:
            lines.append(
                f"{article.source}: text says date {parse.text_date}, manifest says "
                f"{manifest_date}; using the manifest"
            )
    return lines


def build_parse_tables(
    articles: Sequence[Article],
    parsed: Sequence[ParsedArticle],
    corpus_root: Path | None,
    columns: Sequence[str],
) -> dict[str, pd.DataFrame]:
    """The ``articles``, ``blocks`` and ``sentences`` tables for parsed articles.

    ``source`` is made relative to ``corpus_root``; with None, the articles' sources are taken
    as already relative (the pipeline relativises them where the corpus is, so workers on other
    machines need not see the files).
    """
    relative = source_relativizer(corpus_root) if corpus_root is not None else None
    article_rows = []
    block_rows = []
    sentence_rows = []
    for article, parse in zip(articles, parsed, strict=True):
        text = article.text
        outlet = article.meta.get("outlet") or UNKNOWN_OUTLET
        content_words = sum(
            count_words(text[b.start : b.end]) for b in parse.blocks if b.kind in CONTENT_KINDS
        )
        published, published_source = _published(article, parse)
        row = {key: article.meta.get(key, "") for key in columns}
        row.update(
            article_id=article.article_id,
            outlet=outlet,
            published=published,
            text_date=parse.text_date,
            published_source=published_source,
            n_chars=len(text),
            n_words=content_words,
            n_blocks=len(parse.blocks),
            n_sentences=len(parse.sentences),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            source=article.source if relative is None else relative(article.source),
        )
        article_rows.append(row)
        for b in parse.blocks:
            block_rows.append(
                (
                    article.article_id,
                    outlet,
                    b.block_id,
                    b.kind,
                    b.start,
                    b.end,
                    text[b.start : b.end],
                    b.author,
                    b.handle,
                    b.posted,
                )
            )
        kinds = {b.block_id: b.kind for b in parse.blocks}
        for s in parse.sentences:
            sentence_rows.append(
                (
                    article.article_id,
                    outlet,
                    s.sentence_id,
                    s.block_id,
                    kinds[s.block_id],
                    s.start,
                    s.end,
                    text[s.start : s.end],
                )
            )
    return {
        "articles": pd.DataFrame(article_rows, columns=list(columns)),
        "blocks": pd.DataFrame(block_rows, columns=list(BLOCK_COLUMNS)),
        "sentences": pd.DataFrame(sentence_rows, columns=list(SENTENCE_COLUMNS)),
    }


def parse_articles(articles: Sequence[Article]) -> list[ParsedArticle]:
    """Parse every article (see :func:`analysis.parse.parse_text`)."""
    return [parse_text(article.text) for article in articles]


def blocks_by_kind(blocks: pd.DataFrame) -> pd.DataFrame:
    """How many blocks of each kind the parser found in each article (a parse audit)."""
    counts = blocks.groupby(["article_id", "kind"]).size().unstack(fill_value=0)
    return counts.reset_index()
