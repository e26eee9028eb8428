"""Sentence tone with two lexicons: TextBlob (the report's tone) and VADER (a cross-check).

Both score the normalised sentence (:func:`analysis.normalize.normalize_for_tone`); offsets stay
those of the raw sentence. TextBlob's lexicon is mostly adjectives and has no entry for words
such as "war", "captured" or "terrorist", so most hard-news sentences score exactly 0; the tables
keep that share visible instead of hiding it in a mean.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from textblob.en import sentiment as _textblob_sentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .normalize import normalize_for_tone

TONE_COLUMNS = (
    "article_id",
    "outlet",
    "sentence_id",
    "start",
    "end",
    "polarity",
    "subjectivity",
    "vader_compound",
)


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def textblob_scores(text: str) -> tuple[float, float]:
    """TextBlob ``(polarity, subjectivity)`` of ``text`` after normalisation.

    Identical to ``TextBlob(normalize_for_tone(text)).sentiment``; an empty string scores (0, 0).
    """
    score = _textblob_sentiment(normalize_for_tone(text))
    return float(score[0]), float(score[1])


def vader_compound(text: str) -> float:
    """VADER's compound score (-1 … 1) of ``text`` after normalisation; 0 for empty text."""
    return float(_vader().polarity_scores(normalize_for_tone(text))["compound"])


def sentence_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per content sentence (paragraph, subhead, embedded post) with both lexicons.

    Boilerplate and dateline sentences are left out: they are not the outlet's telling of the
    story. Returns an empty table with the right columns when there are no such sentences.
    """
    content = sentences[sentences["block_kind"].isin(("paragraph", "subhead", "embedded_post"))]
    rows = []
    for row in content.itertuples(index=False):
        polarity, subjectivity = textblob_scores(row.text)
        rows.append(
            (
                row.article_id,
                row.outlet,
                row.sentence_id,
                row.start,
                row.end,
                round(polarity, 6),
                round(subjectivity, 6),
                round(vader_compound(row.text), 6),
            )
        )
    return pd.DataFrame(rows, columns=list(TONE_COLUMNS))


def tone_summary(tone: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Mean, spread and share of exact zeros of sentence tone, grouped by ``by``.

    Columns: ``n_sentences``, ``mean_polarity``, ``median_polarity``, ``sd_polarity``,
    ``share_zero`` (TextBlob polarity exactly 0), ``mean_subjectivity``, ``mean_vader``.
    Groups with one sentence get an empty standard deviation. Sorted by ``by``.
    """
    keys = [by] if isinstance(by, str) else list(by)
    if tone.empty:
        return pd.DataFrame(
            columns=[
                *keys,
                "n_sentences",
                "mean_polarity",
                "median_polarity",
                "sd_polarity",
                "share_zero",
                "mean_subjectivity",
                "mean_vader",
            ]
        )
    grouped = tone.assign(is_zero=(tone["polarity"] == 0).astype(float)).groupby(keys, sort=True)
    out = grouped.agg(
        n_sentences=("polarity", "size"),
        mean_polarity=("polarity", "mean"),
        median_polarity=("polarity", "median"),
        sd_polarity=("polarity", "std"),
        share_zero=("is_zero", "mean"),
        mean_subjectivity=("subjectivity", "mean"),
        mean_vader=("vader_compound", "mean"),
    ).reset_index()
    return out.round(6)
