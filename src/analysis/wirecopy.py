"""Shared wire copy, the per-chunk half: what each long sentence contributes to the search.

Sentences are compared as sets of word 3-grams ("shingles") after normalisation (case, quote
marks, punctuation). For every content sentence of at least ``MIN_WORDS`` words a chunk returns

* a *fingerprint*: a 64-bit BLAKE2b hash of its sorted shingles, equal for sentences with the
  same shingles (the same words in the same order, whatever the case and punctuation);
* a *sketch*: the ``K`` smallest CRC32 hashes of its shingles (a bottom-k MinHash sketch), which
  near-duplicates tend to share.

:mod:`analysis.wireclusters` merges them over the corpus into clusters of shared copy. Both are
pure functions of the sentence text, so the result does not depend on chunking. No model, no
download.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .normalize import normalize_quotes

MIN_WORDS = 8
THRESHOLD = 0.5
K = 8
CONTENT_KINDS = ("paragraph", "subhead", "embedded_post")
_WORD = re.compile(rb"[a-z0-9]+")
# One sketched sentence, as the corpus half stores it (:class:`analysis.wireclusters.SketchStore`).
RECORD = np.dtype(
    [
        ("row", "<i8"),  # row of the sentence in sentences.csv (in the chunk's table, per chunk)
        ("article", "<i8"),  # row of its article in articles.csv (likewise)
        ("outlet", "<i4"),  # outlet number, in order of first appearance (in the chunk, per chunk)
        ("n", "u1"),  # hashes in the sketch (fewer than K for a short sentence)
        ("fp", "<u8"),
        ("h", "<u4", (K,)),
    ]
)


def words(text: str) -> list[bytes]:
    """The lower-case ASCII letter-and-digit words of ``text`` (quote marks, punctuation and
    other characters dropped), as bytes: the runs of ``[a-z0-9]`` in the lower-cased text, found
    in its UTF-8 bytes (every other character encodes to bytes outside ASCII), so that shingles
    are hashed without encoding each one."""
    return _WORD.findall(normalize_quotes(text).lower().encode("utf-8", "surrogatepass"))


def shingles(text: str, n: int = 3) -> frozenset[bytes]:
    """Word ``n``-grams of the normalised text (one n-gram for a shorter text, none for none)."""
    return _shingles_of(words(text), n)


def _shingles_of(word_list: list[bytes], n: int = 3) -> frozenset[bytes]:
    if len(word_list) < n:
        return frozenset([b" ".join(word_list)]) if word_list else frozenset()
    return frozenset(map(b" ".join, zip(*(word_list[i:] for i in range(n)), strict=False)))


def fingerprint(shingle_set: frozenset[bytes]) -> int:
    """A 64-bit hash of the shingle set (unsigned; the same in every process and on every run)."""
    digest = hashlib.blake2b(b"\n".join(sorted(shingle_set)), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def sketch(shingle_set: frozenset[bytes], k: int = K) -> list[int]:
    """The ``k`` smallest CRC32 hashes of the shingles (deterministic across processes)."""
    return sorted(set(map(zlib.crc32, shingle_set)))[:k]


def jaccard(a: frozenset, b: frozenset) -> float:
    """|a ∩ b| / |a ∪ b|; 0.0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass
class Sketches:
    """One chunk's long content sentences, in table order, as :data:`RECORD` rows: their row in
    the chunk's ``sentences`` table, their article's row in its ``articles`` table, outlet (an
    index into ``outlets``, the chunk's outlets in order of first appearance), fingerprint and
    sketch. Arrays rather than lists of numbers: a chunk's sketches cross between processes."""

    records: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=RECORD))
    outlets: list[str] = field(default_factory=list)


def chunk_sketches(sentences: pd.DataFrame, articles: pd.DataFrame) -> Sketches:
    """Fingerprint and sketch every content sentence of at least ``MIN_WORDS`` words."""
    article_row = {article_id: i for i, article_id in enumerate(articles["article_id"])}
    outlet_code: dict[str, int] = {}
    found = []
    columns = (sentences[c].tolist() for c in ("article_id", "outlet", "block_kind", "text"))
    for position, (article_id, outlet, kind, text) in enumerate(zip(*columns, strict=True)):
        if kind not in CONTENT_KINDS:
            continue
        word_list = words(text)
        if len(word_list) < MIN_WORDS:
            continue
        shingle_set = _shingles_of(word_list)
        hashes = sketch(shingle_set)
        found.append(
            (
                position,
                article_row[article_id],
                outlet_code.setdefault(outlet, len(outlet_code)),
                len(hashes),
                fingerprint(shingle_set),
                hashes + [0] * (K - len(hashes)),
            )
        )
    return Sketches(records=np.array(found, dtype=RECORD), outlets=list(outlet_code))
