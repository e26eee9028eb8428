"""Shared wire copy: near-duplicate sentences that appear in more than one outlet.

Sentences are compared as sets of word 3-grams ("shingles") after normalisation (case, quote
marks, punctuation). Candidate pairs come from an inverted index of shingles; shingles shared by
very many sentences (stock phrases) are skipped when collecting candidates, so the cost grows with
the number of true near-duplicates, not with the square of the corpus. Every candidate is then
scored exactly (Jaccard similarity of the two shingle sets). No model, no download.

Only content sentences of at least ``MIN_WORDS`` words are compared, and only pairs from two
different outlets are reported: shared copy within one outlet is house style, not wire copy.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

import pandas as pd

from .normalize import normalize_quotes

MIN_WORDS = 8
THRESHOLD = 0.5
MAX_POSTING = 200
WIRE_COLUMNS = (
    "outlet_a",
    "article_a",
    "sentence_a",
    "start_a",
    "end_a",
    "outlet_b",
    "article_b",
    "sentence_b",
    "start_b",
    "end_b",
    "similarity",
    "text_a",
    "text_b",
)
_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, n: int = 3) -> frozenset[tuple[str, ...]]:
    """Word ``n``-grams of the normalised text (one n-gram for a shorter text)."""
    words = _WORD.findall(normalize_quotes(text).lower())
    if len(words) < n:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def shared_sentences(sentences: pd.DataFrame, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Pairs of near-duplicate content sentences from different outlets, with their similarity.

    ``sentences`` is the sentences table. Rows are ordered (outlet, article, sentence) within a
    pair and the table is sorted, so the result does not depend on input order.
    """
    content = sentences[sentences["block_kind"].isin(("paragraph", "subhead", "embedded_post"))]
    items = []
    for row in content.itertuples(index=False):
        if len(_WORD.findall(row.text.lower())) >= MIN_WORDS:
            items.append(
                (
                    row.outlet,
                    row.article_id,
                    int(row.sentence_id),
                    int(row.start),
                    int(row.end),
                    row.text,
                    shingles(row.text),
                )
            )
    items.sort(key=lambda item: item[:3])
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for shingle in item[6]:
            index[shingle].append(i)
    candidates: set[tuple[int, int]] = set()
    for posting in index.values():
        if len(posting) < 2 or len(posting) > MAX_POSTING:
            continue
        for i, j in combinations(posting, 2):
            if items[i][0] != items[j][0]:
                candidates.add((i, j))
    rows = []
    for i, j in sorted(candidates):
        similarity = jaccard(items[i][6], items[j][6])
        if similarity >= threshold:
            a, b = items[i], items[j]
            rows.append(
                (
                    a[0],
                    a[1],
                    a[2],
                    a[3],
                    a[4],
                    b[0],
                    b[1],
                    b[2],
                    b[3],
                    b[4],
                    round(similarity, 6),
                    a[5],
                    b[5],
                )
            )
    return pd.DataFrame(rows, columns=list(WIRE_COLUMNS))
