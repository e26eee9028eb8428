"""Corpus-level merging: packed tone pairs, Spearman from counts, and sketches that cross processes."""

from __future__ import annotations

import pickle
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from analysis import chunks
from analysis.aggregate import MICRO, micro_column, pack_pairs, spearman, unpack_pair
from analysis.tables import article_columns, extra_meta_keys
from analysis.wirecopy import MIN_WORDS, K, chunk_sketches, fingerprint, shingles, sketch, words


@pytest.fixture(scope="module")
def corpus_tables(corpus, codebook):
    articles = sorted(corpus.values(), key=lambda a: a.article_id)
    tables, _ = chunks.chunk_tables(articles, codebook, article_columns(extra_meta_keys(articles)))
    return tables


def test_packed_pairs_unpack_to_the_same_scores_and_sort_as_the_pairs():
    x = np.array([-MICRO, -MICRO, 0, 0, 1, MICRO, MICRO, -3])
    y = np.array([-MICRO, MICRO, -1, 1, -MICRO, -MICRO, MICRO, 7])
    keys = pack_pairs(x, y)
    assert [unpack_pair(k) for k in keys] == list(zip(x.tolist(), y.tolist(), strict=True))
    assert sorted(keys) == [
        k for _, k in sorted(zip(zip(x.tolist(), y.tolist(), strict=True), keys, strict=True))
    ]
    assert min(keys) >= 0


def test_a_score_outside_minus_one_to_one_is_refused_rather_than_packed_wrong():
    with pytest.raises(ValueError, match="outside"):
        pack_pairs(np.array([MICRO + 1]), np.array([0]))
    with pytest.raises(ValueError, match="outside"):
        pack_pairs(np.array([0]), np.array([-MICRO - 1]))
    assert pack_pairs(np.array([], dtype=np.int64), np.array([], dtype=np.int64)) == []


def test_spearman_from_packed_counts_equals_pandas_on_the_corpus_sentences(corpus_tables):
    tone = corpus_tables["sentence_tone"]
    assert len(tone) > 80
    x, y = micro_column(tone["polarity"]), micro_column(tone["vader_compound"])
    expected = pd.Series(x).corr(pd.Series(y), method="spearman")
    assert spearman(Counter(pack_pairs(x, y))) == pytest.approx(expected, abs=1e-12)
    # Many ties (most sentences score 0 on TextBlob): the average ranks matter.
    assert (x == 0).mean() > 0.3


def test_spearman_is_nan_when_a_side_is_constant_or_pairs_are_too_few():
    assert np.isnan(spearman(Counter(pack_pairs(np.array([0, 0, 0, 0]), np.array([1, 2, 3, 4])))))
    assert np.isnan(spearman(Counter(pack_pairs(np.array([1, 2]), np.array([1, 2])))))
    assert spearman(Counter(pack_pairs(np.array([1, 2, 3]), np.array([3, 2, 1])))) == pytest.approx(-1.0)


def test_chunk_sketches_hold_every_long_content_sentence_and_survive_pickling(corpus_tables):
    sentences, articles = corpus_tables["sentences"], corpus_tables["articles"]
    found = pickle.loads(pickle.dumps(chunk_sketches(sentences, articles)))
    records = found.records
    content = sentences["block_kind"].isin(("paragraph", "subhead", "embedded_post"))
    long_enough = sentences["text"].map(lambda t: len(words(t)) >= MIN_WORDS)
    assert records["row"].tolist() == np.flatnonzero(content & long_enough).tolist()
    assert found.outlets == list(dict.fromkeys(sentences["outlet"][content & long_enough]))
    article_row = {a: i for i, a in enumerate(articles["article_id"])}
    for record in records:
        sentence = sentences.iloc[int(record["row"])]
        shingle_set = shingles(sentence["text"])
        assert found.outlets[record["outlet"]] == sentence["outlet"]
        assert record["article"] == article_row[sentence["article_id"]]
        assert int(record["fp"]) == fingerprint(shingle_set)
        hashes = sketch(shingle_set)
        assert record["n"] == len(hashes)
        assert record["h"].tolist() == hashes + [0] * (K - len(hashes))


def test_a_chunk_without_long_sentences_has_no_sketches(corpus_tables):
    sentences = corpus_tables["sentences"].iloc[:0]
    found = chunk_sketches(sentences, corpus_tables["articles"])
    assert len(found.records) == 0 and found.outlets == []


def test_shared_copy_words_are_the_ascii_letter_runs_of_the_lowered_text():
    """Words are found in the lowered text's UTF-8 bytes: the same runs of [a-z0-9] as in the
    text itself, since every other character (a lone surrogate too) encodes outside ASCII."""
    import re

    text = "Ab\ud800cd “Kabul’s” İSTANBUL \ufb01ve \u212a-9 é"  # lone surrogate, ligature, Kelvin sign
    expected = re.findall(r"[a-z0-9]+", text.replace("’", "'").lower())
    assert (
        [w.decode() for w in words(text)]
        == expected
        == ["ab", "cd", "kabul", "s", "i", "stanbul", "ve", "k", "9"]
    )
    assert shingles("Ahmad Massoud said") == frozenset([b"ahmad massoud said"])
