"""TextBlob's and VADER's scores, exactly, at the cost a large corpus can afford.

TextBlob's ``sentiment`` recompiles nothing but still re-runs eight ``re.sub`` calls, a lazy-dict
lookup per word and a scan of every emoticon per number; VADER rebuilds each text character by
character to replace emoji. On an 800-word article those overheads cost more than the scoring.
This module reproduces both lexicons' rules line for line over precomputed tables:

* :func:`textblob_sentiment` returns what ``TextBlob(text).sentiment`` returns;
* :func:`vader_compound` returns ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``.

Both take already-normalised text (:func:`analysis.normalize.normalize_for_tone`). The tests
compare them with the libraries on every corpus sentence and on generated text.

The tokenizer and assessment loop are adapted from ``textblob._text`` (TextBlob, MIT licence;
itself from Pattern, BSD licence), with the part-of-speech branch removed because TextBlob
scores untagged text.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import NamedTuple

from textblob._text import (
    ABBREVIATIONS,
    EMOTICONS,
    EOS,
    PUNCTUATION,
    RE_ABBR1,
    RE_ABBR2,
    RE_ABBR3,
    RE_EMOTICONS,
    RE_SARCASM,
    replacements,
)
from textblob.en import sentiment as _textblob_sentiment
from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer, SentiText

_SPLIT_PUNCTUATION = tuple(PUNCTUATION.replace(".", ""))
_TRAILING_PUNCTUATION = (*_SPLIT_PUNCTUATION, ".")
_REPLACEMENTS = tuple(replacements.items())
_QUOTE_SPACING = (("“", " “ "), ("”", " ” "), ("‘", " ‘ "), ("’", " ’ "), ("'", " ' "), ('"', ' " '))
_LINEBREAKS = re.compile(r"\n{2,}")
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_ENDS = frozenset(("...", ".", "!", "?", EOS))
_SENTENCE_TAIL = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", EOS))
_ASCII_PUNCTUATION = string.punctuation


class _TextBlobTables(NamedTuple):
    untagged: dict[str, tuple[float, float, float]]  # word -> (polarity, subjectivity, intensity)
    modifiers: frozenset[str]  # words tagged with a modifier part of speech
    negations: frozenset[str]
    emoticons: dict[str, float]  # lower-cased emoticon -> polarity of its first mood


@lru_cache(maxsize=1)
def _textblob_tables() -> _TextBlobTables:
    sentiment = _textblob_sentiment
    len(sentiment)  # loads the lazy lexicon
    lexicon = dict(dict.items(sentiment))
    emoticons: dict[str, float] = {}
    for (_mood, polarity), faces in EMOTICONS.items():
        for face in faces:
            emoticons.setdefault(face.lower(), polarity)
    return _TextBlobTables(
        untagged={w: tuple(tags[None]) for w, tags in lexicon.items() if None in tags},
        modifiers=frozenset(w for w, tags in lexicon.items() if any(t in tags for t in sentiment.modifiers)),
        negations=frozenset(sentiment.negations),
        emoticons=emoticons,
    )


def textblob_tokens(text: str) -> list[str]:
    """The lower-cased words TextBlob's sentiment scores: ``" ".join(tokenizer(text)).split()``.

    Same steps as ``textblob._text.find_tokens``: contractions split, quotes spaced, whitespace
    collapsed, leading and trailing punctuation split (abbreviations keep their period),
    sentence ends found, ``(!)`` and spaced emoticons re-joined within each sentence.
    """
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    for old, new in _QUOTE_SPACING:
        if old in text:
            text = text.replace(old, new)
    if "\n" in text:
        text = _LINEBREAKS.sub(f" {EOS} ", text.replace("\r\n", "\n"))
    tokens: list[str] = []
    for t in _WHITESPACE.sub(" ", text).split(" "):
        if not t:
            continue
        tail = []
        while t.startswith(_SPLIT_PUNCTUATION) and t not in replacements:
            tokens.append(t[0])
            t = t[1:]
        while t.endswith(_TRAILING_PUNCTUATION) and t not in replacements:
            if t.endswith(_SPLIT_PUNCTUATION):
                tail.append(t[-1])
                t = t[:-1]
            if t.endswith("..."):
                tail.append("...")
                t = t[:-3].rstrip(".")
            if t.endswith("."):
                if (
                    t in ABBREVIATIONS
                    or RE_ABBR1.match(t) is not None
                    or RE_ABBR2.match(t) is not None
                    or RE_ABBR3.match(t) is not None
                ):
                    break
                tail.append(t[-1])
                t = t[:-1]
        if t != "":
            tokens.append(t)
        tokens.extend(reversed(tail))
    sentences: list[list[str]] = [[]]
    i = j = 0
    while j < len(tokens):
        if tokens[j] in _SENTENCE_ENDS:
            while j < len(tokens) and tokens[j] in _SENTENCE_TAIL:
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != EOS)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    words: list[str] = []
    for sentence in sentences:
        if not sentence:
            continue
        joined = " ".join(sentence)
        if "!" in joined:
            joined = RE_SARCASM.sub("(!)", joined)
        joined = RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), joined)
        words.extend(joined.lower().split())
    return words


def textblob_assessments(words: list[str]) -> list[tuple[float, float]]:
    """``(polarity, subjectivity)`` of each assessment TextBlob's ``Sentiment.assessments`` makes
    on untagged, lower-cased ``words``: same assessments, same order, same numbers."""
    tables = _textblob_tables()
    untagged = tables.untagged
    a: list[list] = []  # [polarity, subjectivity, intensity, negated]
    m: str | None = None
    n: str | None = None
    for w in words:
        scores = untagged.get(w)
        if scores is not None:
            p, s, i = scores
            if m is None:
                a.append([p, s, i, False])
            else:
                last = a[-1]
                last[0] = max(-1.0, min(p * last[2], +1.0))
                last[1] = max(-1.0, min(s * last[2], +1.0))
                last[2] = i
            if n is not None:
                a[-1][2] = 1.0 / a[-1][2]
                a[-1][3] = True
            m = n = None
            if w in tables.modifiers:
                m = w
            if w in tables.negations:
                n = w
        else:
            if w in tables.negations:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and m.endswith("ly"):
                a[-1][3] = True
                n = None
            elif m and len(w) > 2:
                m = None
            if w == "!" and len(a) > 0:
                a[-1][0] = max(-1.0, min(a[-1][0] * 1.25, +1.0))
            if w == "(!)":
                a.append([0.0, 1.0, 1.0, False])
            if w.isalpha() is False and len(w) <= 5 and w not in PUNCTUATION:
                mood = tables.emoticons.get(w)
                if mood is not None:
                    a.append([mood, 1.0, 1.0, False])
    return [(p * -0.5 if negated else p, s) for p, s, _, negated in a]


def textblob_sentiment(text: str) -> tuple[float, float]:
    """``TextBlob(text).sentiment`` as ``(polarity, subjectivity)``; ``(0.0, 0.0)`` when nothing
    in the text is in the lexicon (an empty string included)."""
    scored = textblob_assessments(textblob_tokens(text))
    if not scored:
        return 0.0, 0.0
    return sum(p for p, _ in scored) / len(scored), sum(s for _, s in scored) / len(scored)


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _vader_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    analyzer = _vader()
    return frozenset(analyzer.lexicon), frozenset(analyzer.emojis)


def _vader_word(token: str) -> str:
    stripped = token.strip(_ASCII_PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


def vader_compound(text: str) -> float:
    """VADER's compound score (-1 … 1) of ``text``; 0.0 for empty text.

    A text with no emoji and none of whose words (split and stripped as VADER does) is in the
    lexicon scores exactly 0 and is not passed through VADER. A text with no emoji skips VADER's
    character-by-character emoji replacement, which would return it unchanged.
    """
    lexicon, emojis = _vader_vocabulary()
    if not emojis.isdisjoint(text):
        return float(_vader().polarity_scores(text)["compound"])
    words = text.split()
    if not any(_vader_word(w).lower() in lexicon for w in words):
        return 0.0
    return float(_vader_scores_without_emoji(_vader(), text.strip())["compound"])


def _vader_scores_without_emoji(analyzer: SentimentIntensityAnalyzer, text: str) -> dict[str, float]:
    """``SentimentIntensityAnalyzer.polarity_scores`` after its emoji step, for text that has
    no emoji (vaderSentiment 3.3.2, MIT licence)."""
    sentitext = SentiText(text)
    sentiments: list[float] = []
    words_and_emoticons = sentitext.words_and_emoticons
    for i, item in enumerate(words_and_emoticons):
        valence = 0
        if item.lower() in BOOSTER_DICT:
            sentiments.append(valence)
            continue
        following = words_and_emoticons[i + 1].lower() if i < len(words_and_emoticons) - 1 else None
        if item.lower() == "kind" and following == "of":
            sentiments.append(valence)
            continue
        sentiments = analyzer.sentiment_valence(valence, sentitext, item, i, sentiments)
    sentiments = analyzer._but_check(words_and_emoticons, sentiments)
    return analyzer.score_valence(sentiments, text)
