"""Sentence tone with two lexicons: TextBlob (the report's tone) and VADER (a cross-check).

Both score the normalised sentence (:func:`analysis.normalize.normalize_for_tone`); offsets stay
those of the raw sentence. TextBlob's lexicon is mostly adjectives and has no entry for words
such as "war", "captured" or "surrender" (:data:`UNSCORED_NEWS_WORDS`), so many hard-news
sentences score exactly 0; the tables keep that share visible instead of hiding it in a mean.
"""

from __future__ import annotations

import math

import pandas as pd

from .normalize import normalize_for_tone
from .tone_lexicons import textblob_sentiment
from .tone_lexicons import vader_compound as _vader_compound

# Words of war reporting that TextBlob's lexicon does not score (a test checks each is absent).
UNSCORED_NEWS_WORDS = ("war", "captured", "fighting", "surrender", "terrorist")

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


def textblob_scores(text: str) -> tuple[float, float]:
    """TextBlob ``(polarity, subjectivity)`` of ``text`` after normalisation.

    Identical to ``TextBlob(normalize_for_tone(text)).sentiment`` (see
    :mod:`analysis.tone_lexicons`); an empty string scores (0, 0).
    """
    return textblob_sentiment(normalize_for_tone(text))


def vader_compound(text: str) -> float:
    """VADER's compound score (-1 … 1) of ``text`` after normalisation; 0 for empty text."""
    return _vader_compound(normalize_for_tone(text))


def tone_scores(text: str) -> tuple[float, float, float]:
    """``(polarity, subjectivity, vader_compound)`` of ``text``, each rounded to 6 decimals,
    normalising the text once for both lexicons."""
    normalized = normalize_for_tone(text)
    polarity, subjectivity = textblob_sentiment(normalized)
    return round(polarity, 6), round(subjectivity, 6), round(_vader_compound(normalized), 6)


def sentence_tone(sentences: pd.DataFrame, segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per content sentence (paragraph, subhead, embedded post) with both lexicons.

    Boilerplate and dateline sentences are left out: they are not the outlet's telling of the
    story. When ``segments`` (see :func:`segment_rows`) holds a segment spanning a whole
    sentence, its scores are reused (same text, same scores) instead of scoring it again.
    Returns an empty table with the right columns when there are no content sentences.
    """
    content = sentences[sentences["block_kind"].isin(("paragraph", "subhead", "embedded_post"))]
    known: dict[tuple[str, int, int], tuple[float, float, float]] = {}
    if segments is not None and len(segments):
        keys = ("article_id", "start", "end", "polarity", "subjectivity", "vader_compound")
        for article_id, start, end, *scores in zip(*(segments[c].tolist() for c in keys), strict=True):
            known[(article_id, start, end)] = tuple(scores)
    rows = []
    columns = ("article_id", "outlet", "sentence_id", "start", "end", "text")
    for article_id, outlet, sentence_id, start, end, text in zip(
        *(content[c].tolist() for c in columns), strict=True
    ):
        scores = known.get((article_id, start, end))
        if scores is None:
            scores = tone_scores(text)
        rows.append((article_id, outlet, sentence_id, start, end, *scores))
    return pd.DataFrame(rows, columns=list(TONE_COLUMNS))


# --- narration and quoted material ------------------------------------------------------------

SEGMENT_COLUMNS = (
    "article_id",
    "outlet",
    "sentence_id",
    "segment_id",
    "voice",
    "start",
    "end",
    "n_words",
    "polarity",
    "subjectivity",
    "vader_compound",
)


def segment_rows(article_id: str, outlet: str, text: str, sentences, spans) -> list[tuple]:
    """Each content sentence cut into runs of narration, reported speech and direct quotes
    (:func:`analysis.narration.split_by_voice`), each scored on its own.

    ``spans`` are the article's :class:`~analysis.narration.VoiceSpans`; ``sentences`` the
    content sentences. A sentence with no attributed material is one narration segment.
    """
    from .narration import split_by_voice
    from .parse import count_words

    rows = []
    for s in sentences:
        for n, (start, end, voice) in enumerate(split_by_voice(text, s.start, s.end, spans)):
            piece = text[start:end]
            polarity, subjectivity, compound = tone_scores(piece)
            rows.append(
                (
                    article_id,
                    outlet,
                    s.sentence_id,
                    n,
                    voice,
                    start,
                    end,
                    count_words(piece),
                    polarity,
                    subjectivity,
                    compound,
                )
            )
    return rows


def _exact_mean(values: pd.Series) -> float:
    """The mean from the correctly rounded sum (``math.fsum``): the same bits whatever the order
    of the values or the other groups computed alongside, so that a table built chunk by chunk
    equals one built in a single pass even where the 6-decimal rounding sits on a boundary."""
    return math.fsum(values) / len(values) if len(values) else float("nan")


def sentence_distribution(tone: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per group: sentences, mean, median, spread (10th/90th percentile, sd) of TextBlob polarity,
    shares of negative, zero and positive sentences, mean subjectivity and VADER."""
    if tone.empty:
        return pd.DataFrame(columns=[by])
    table = tone.assign(
        neg=(tone["polarity"] < 0).astype(float),
        zero=(tone["polarity"] == 0).astype(float),
        pos=(tone["polarity"] > 0).astype(float),
    )
    g = table.groupby(by, sort=True)
    out = g.agg(
        n_sentences=("polarity", "size"),
        mean_polarity=("polarity", _exact_mean),
        median_polarity=("polarity", "median"),
        sd_polarity=("polarity", "std"),
        share_negative=("neg", _exact_mean),
        share_zero=("zero", _exact_mean),
        share_positive=("pos", _exact_mean),
        mean_subjectivity=("subjectivity", _exact_mean),
        mean_vader=("vader_compound", _exact_mean),
    )
    out.insert(3, "p10_polarity", g["polarity"].quantile(0.1))
    out.insert(4, "p90_polarity", g["polarity"].quantile(0.9))
    return out.reset_index().round(6)


# --- tone towards the actors and sides --------------------------------------------------------

TARGET_COLUMNS = (
    "article_id",
    "outlet",
    "sentence_id",
    "actor",
    "side",
    "voice",
    "is_speaker",
    "start",
    "end",
    "label",
    "score",
)


def target_rows(
    article_id: str,
    outlet: str,
    text: str,
    sentences,
    spans,
    codebook,
    speaker_spans: set[tuple[int, int]],
) -> list[tuple]:
    """Every codebook actor mentioned in a content sentence, with the report's target-tone method
    (:func:`analysis.target_tone.target_tone`) on the sentence around it.

    ``is_speaker`` flags the mention that is an attribution's speaker ("Ahmad Massoud said"):
    such sentences are structurally neutral towards the speaker. An actor named again in brackets
    straight after its name ("National Resistance Front (NRF)") is one mention.
    """
    from .narration import voice_of
    from .spans import without_bracketed_repeats
    from .target_tone import target_tone

    rows = []
    mentions = codebook.window_mentions(text, [(s.start, s.end) for s in sentences])
    for s, found in zip(sentences, mentions, strict=True):
        sentence = text[s.start : s.end]
        for m_start, m_end, actor in without_bracketed_repeats(text, found, key=_actor_name):
            if actor.type == "anonymous":
                continue
            label, score = target_tone(sentence, m_start - s.start, m_end - s.start)
            rows.append(
                (
                    article_id,
                    outlet,
                    s.sentence_id,
                    actor.name,
                    actor.side,
                    voice_of(spans, m_start, m_end),
                    int((m_start, m_end) in speaker_spans),
                    m_start,
                    m_end,
                    label,
                    round(score, 6),
                )
            )
    return rows


def _actor_name(mention: tuple) -> str:
    """The actor's name of a ``(start, end, actor)`` mention."""
    return mention[2].name
