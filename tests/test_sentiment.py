"""The fast tone scorers give exactly what TextBlob and VADER give.

``sentiment.textblob_scores`` re-implements TextBlob's assessment loop over a plain-dict copy of
its lexicon, and ``sentiment.vader_compound`` skips VADER for texts without a single lexicon
word. Both shortcuts are only allowed because they change no number; these tests hold them to
that on every sentence of the corpus, on the ugly fixture texts and on generated word salads
built from the lexicons' own tricky entries (negations, intensifiers, "!", emoticons).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.normalize import normalize_for_tone
from analysis.parse import parse_text
from analysis.sentiment import textblob_scores, vader_compound

_VADER = SentimentIntensityAnalyzer()


def _reference(text: str) -> tuple[float, float, float]:
    normalized = normalize_for_tone(text)
    blob = TextBlob(normalized).sentiment
    return (
        float(blob.polarity),
        float(blob.subjectivity),
        float(_VADER.polarity_scores(normalized)["compound"]),
    )


def _fast(text: str) -> tuple[float, float, float]:
    return (*textblob_scores(text), vader_compound(text))


def _corpus_sentences(corpus) -> list[str]:
    texts = []
    for article in corpus.values():
        parsed = parse_text(article.text)
        texts.extend(article.text[s.start : s.end] for s in parsed.sentences)
    return texts


def test_every_corpus_sentence_scores_exactly_as_textblob_and_vader(corpus):
    sentences = _corpus_sentences(corpus)
    assert len(sentences) > 100
    mismatches = [
        (text, _fast(text), _reference(text)) for text in sentences if _fast(text) != _reference(text)
    ]
    assert mismatches == []


def test_the_shortcut_is_exercised_on_both_sides(corpus):
    """Some corpus sentences carry no VADER word (scored 0 without VADER), others do."""
    compounds = [vader_compound(text) for text in _corpus_sentences(corpus)]
    assert 0.0 in compounds
    assert any(c != 0.0 for c in compounds)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Not good. Not very good! Never bad (!) :-) :(",
        "He was not at all happy, but very, very proud!!!",
        "“Resistance continues,” he said — isn't it great? :D",
        "<script>alert('x')</script> terrible &amp; awful",
        "The fighters weren't defeated; they didn't surrender.",
        "😀 a happy emoji-only line 💔",
        "NO WAY this is GREAT",
        "kinda sorta ok lol",
    ],
)
def test_edge_texts_score_exactly_as_textblob_and_vader(text):
    assert _fast(text) == _reference(text)


_TRICKY_WORDS = [
    "not",
    "never",
    "no",
    "very",
    "really",
    "extremely",
    "good",
    "bad",
    "great",
    "terrible",
    "happy",
    "sad",
    "!",
    "(!)",
    ":)",
    ":-(",
    ";-)",
    "<3",
    "but",
    "kind",
    "of",
    "isn't",
    "don't",
    "won't",
    "fall",
    "captured",
    "victory",
    "resistance",
    "brutal",
    "peaceful",
    "at",
    "all",
    "most",
    "least",
    "more",
    "less",
    "too",
    "hardly",
    "barely",
    "Taliban",
    "Panjshir",
    "killed",
    "😀",
    "ok",
    "LOL",
    "GREAT",
    ",",
    ".",
    "?",
    "—",
    "“",
    "”",
    "'",
]


_TRICKY_WORDS += [
    *"least this so without doubt or nor sort shit bus stop bomb the die for to uh-uh".split(),
    *"wasn't nothing despite BAD love kill war peace hate AWFUL !! ?? ??? hope fear".split(),
]


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_TRICKY_WORDS), max_size=14))
def test_generated_word_salads_score_exactly_as_textblob_and_vader(words):
    text = " ".join(words)
    assert _fast(text) == _reference(text)
