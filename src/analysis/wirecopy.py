"""Shared wire copy: near-duplicate sentences that appear in more than one outlet.

Sentences are compared as sets of word 3-grams ("shingles") after normalisation (case, quote
marks, punctuation), and a pair is reported when its Jaccard similarity is at least
``THRESHOLD``. To scale to an archive without comparing every pair:

1. each chunk returns, per content sentence of at least ``MIN_WORDS`` words, a *sketch*: the
   ``K`` smallest CRC32 hashes of its shingles (a bottom-k MinHash sketch);
2. sentences whose sketches share a hash become candidate pairs (one sort of all hashes; a hash
   shared by more than ``MAX_POSTING`` sentences — a stock phrase — proposes nothing);
3. every candidate is scored exactly, from the sentence texts read again from ``sentences.csv``.

Two sentences with Jaccard >= 0.5 fail to share any of their 8 smallest hashes only with
probability below 1% (below 1e-5 at 0.8); no pair below the threshold is ever reported. The
result does not depend on chunking. No model, no download. Only pairs from two different outlets
are reported: shared copy within one outlet is house style, not wire copy.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from .normalize import normalize_quotes

MIN_WORDS = 8
THRESHOLD = 0.5
K = 8
MAX_POSTING = 200
CONTENT_KINDS = ("paragraph", "subhead", "embedded_post")
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


def shingles(text: str, n: int = 3) -> frozenset[str]:
    """Word ``n``-grams of the normalised text (one n-gram for a shorter text)."""
    words = _WORD.findall(normalize_quotes(text).lower())
    if len(words) < n:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))


def sketch(shingle_set: frozenset[str], k: int = K) -> list[int]:
    """The ``k`` smallest CRC32 hashes of the shingles (deterministic across processes)."""
    return sorted({zlib.crc32(s.encode("utf-8")) for s in shingle_set})[:k]


def jaccard(a: frozenset, b: frozenset) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass
class Sketches:
    """Sketches of one chunk's long content sentences, in corpus order."""

    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    sentence_ids: list[int] = field(default_factory=list)
    hashes: list[list[int]] = field(default_factory=list)


def chunk_sketches(sentences: pd.DataFrame) -> Sketches:
    """Sketch every content sentence of at least ``MIN_WORDS`` words."""
    out = Sketches()
    content = sentences[sentences["block_kind"].isin(CONTENT_KINDS)]
    for row in content.itertuples(index=False):
        shingle_set = shingles(row.text)
        if len(_WORD.findall(row.text.lower())) < MIN_WORDS or not shingle_set:
            continue
        out.article_ids.append(row.article_id)
        out.outlets.append(row.outlet)
        out.sentence_ids.append(int(row.sentence_id))
        out.hashes.append(sketch(shingle_set))
    return out


class SketchIndex:
    """All sketches of a corpus as compact arrays (ids interned), merged chunk by chunk."""

    def __init__(self) -> None:
        self._article_ids: dict[str, int] = {}
        self._outlets: dict[str, int] = {}
        self._rows: list[np.ndarray] = []  # per chunk: (article, outlet, sentence) int32
        self._hashes: list[np.ndarray] = []  # per chunk: (n, K) int64, -1 for missing

    def add(self, sketches: Sketches) -> None:
        if not sketches.article_ids:
            return
        rows = np.empty((len(sketches.article_ids), 3), dtype=np.int32)
        hashes = np.full((len(sketches.article_ids), K), -1, dtype=np.int64)
        for i, (article, outlet, sentence, hs) in enumerate(
            zip(sketches.article_ids, sketches.outlets, sketches.sentence_ids, sketches.hashes, strict=True)
        ):
            rows[i] = (
                self._article_ids.setdefault(article, len(self._article_ids)),
                self._outlets.setdefault(outlet, len(self._outlets)),
                sentence,
            )
            hashes[i, : len(hs)] = hs
        self._rows.append(rows)
        self._hashes.append(hashes)

    def candidates(self) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """All rows, and the candidate pairs (row indices) from two different outlets."""
        if not self._rows:
            return np.empty((0, 3), dtype=np.int32), []
        rows = np.concatenate(self._rows)
        hashes = np.concatenate(self._hashes)
        flat = hashes.ravel()
        owner = np.repeat(np.arange(len(rows), dtype=np.int64), K)
        keep = flat >= 0
        flat, owner = flat[keep], owner[keep]
        order = np.lexsort((owner, flat))
        flat, owner = flat[order], owner[order]
        boundaries = np.flatnonzero(np.diff(flat)) + 1
        starts = np.concatenate(([0], boundaries))
        ends = np.concatenate((boundaries, [len(flat)]))
        pairs: set[tuple[int, int]] = set()
        outlets = rows[:, 1]
        for s, e in zip(starts, ends, strict=True):
            if 2 <= e - s <= MAX_POSTING:
                members = owner[s:e]
                for i, j in combinations(members.tolist(), 2):
                    if outlets[i] != outlets[j]:
                        pairs.add((i, j) if i < j else (j, i))
        return rows, sorted(pairs)

    def names(self) -> tuple[list[str], list[str]]:
        articles = sorted(self._article_ids, key=self._article_ids.get)
        outlets = sorted(self._outlets, key=self._outlets.get)
        return articles, outlets


def shared_sentences(
    index: SketchIndex, sentences_csv: Path, threshold: float = THRESHOLD, chunk_rows: int = 200_000
) -> pd.DataFrame:
    """Score every candidate pair exactly and return the pairs at or above ``threshold``.

    ``sentences_csv`` is read again in chunks for the candidates' texts only, so memory holds the
    candidates, not the corpus.
    """
    rows, pairs = index.candidates()
    if not pairs:
        return pd.DataFrame(columns=list(WIRE_COLUMNS))
    articles, outlets = index.names()
    needed = {(articles[rows[i, 0]], int(rows[i, 2])): i for pair in pairs for i in pair}
    found: dict[int, tuple[int, int, str]] = {}
    columns = ["article_id", "sentence_id", "start", "end", "text"]
    for part in pd.read_csv(
        sentences_csv,
        usecols=columns,
        dtype={"article_id": str, "text": str},
        keep_default_na=False,
        chunksize=chunk_rows,
    ):
        for article_id, sentence_id, start, end, text in part.itertuples(index=False):
            i = needed.get((article_id, int(sentence_id)))
            if i is not None:
                found[i] = (int(start), int(end), text)
    shingle_sets = {i: shingles(found[i][2]) for i in found}
    out = []
    for i, j in pairs:
        if i not in found or j not in found:
            continue
        similarity = jaccard(shingle_sets[i], shingle_sets[j])
        if similarity < threshold:
            continue
        a = (outlets[rows[i, 1]], articles[rows[i, 0]], int(rows[i, 2]), *found[i])
        b = (outlets[rows[j, 1]], articles[rows[j, 0]], int(rows[j, 2]), *found[j])
        first, second = sorted((a, b), key=lambda r: r[:3])
        out.append((*first[:5], *second[:5], round(similarity, 6), first[5], second[5]))
    out.sort(key=lambda r: (r[0], r[1], r[2], r[5], r[6], r[7]))
    return pd.DataFrame(out, columns=list(WIRE_COLUMNS))
