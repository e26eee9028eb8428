"""TextBlob's and VADER's scores, exactly, at the cost a large corpus can afford.

TextBlob's ``sentiment`` recompiles nothing but still re-runs eight ``re.sub`` calls, a lazy-dict
lookup per word and a scan of every emoticon per number; VADER rebuilds each text character by
character to replace emoji. On an 800-word article those overheads cost more than the scoring.
This module reproduces both lexicons' rules line for line over precomputed tables:

* :func:`textblob_sentiment` returns what ``TextBlob(text).sentiment`` returns;
* :func:`vader_compound` returns ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``.

Most words of a news text are in neither lexicon, and both libraries' rules only look a few
words around a lexicon word. So the loops here visit the lexicon words (and what is pending after
them) instead of every word, and TextBlob's sentence split is skipped where no sentence could
hold the only things it feeds (a spaced "(!)" or emoticon). Each docstring says why its shortcut
changes no number.

Both take already-normalised text (:func:`analysis.normalize.normalize_for_tone`). The tests
compare them with the libraries on every corpus sentence, whole articles and generated text
built to hit each shortcut's edge.

The tokenizer and assessment loop are adapted from ``textblob._text`` (TextBlob, MIT licence;
itself from Pattern, BSD licence), with the part-of-speech branch removed because TextBlob
scores untagged text.
"""

from __future__ import annotations

import bisect
import importlib.util
import itertools
import re
import string
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    scalar_inc_dec,
)
from vaderSentiment.vaderSentiment import (
    normalize as vader_normalize,
)


def _load_textblob_text() -> ModuleType:
    """TextBlob's ``_text`` module (tokenizer constants and the ``Sentiment`` lexicon class).

    Importing it the usual way imports the ``textblob`` package, whose ``__init__`` pulls in
    NLTK and SciPy: seconds of start-up in every process, for nothing this module uses. The
    file only needs the standard library, so it is loaded on its own unless TextBlob is already
    imported (then that very module is used).
    """
    if "textblob._text" in sys.modules:
        return sys.modules["textblob._text"]
    package = importlib.util.find_spec("textblob")
    if package is None or not package.submodule_search_locations:
        raise ImportError("textblob is not installed")
    path = Path(next(iter(package.submodule_search_locations))) / "_text.py"
    spec = importlib.util.spec_from_file_location("analysis._textblob_text", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_TB = _load_textblob_text()
ABBREVIATIONS, EMOTICONS, EOS, PUNCTUATION = _TB.ABBREVIATIONS, _TB.EMOTICONS, _TB.EOS, _TB.PUNCTUATION
RE_ABBR1, RE_ABBR2, RE_ABBR3 = _TB.RE_ABBR1, _TB.RE_ABBR2, _TB.RE_ABBR3
RE_EMOTICONS, RE_SARCASM, replacements = _TB.RE_EMOTICONS, _TB.RE_SARCASM, _TB.replacements
SENTIMENT_XML = Path(_TB.__file__).parent / "en" / "en-sentiment.xml"


class _EnglishSentiment(_TB.Sentiment):
    """``textblob.en.Sentiment``: on a lazy load, adjectives also give their "-ly" adverbs."""

    def load(self, path: str | None = None) -> None:
        _TB.Sentiment.load(self, path)
        if not path:
            for w, pos in list(dict.items(self)):
                if "JJ" in pos:
                    if w.endswith("y"):
                        w = w[:-1] + "i"
                    if w.endswith("le"):
                        w = w[:-2]
                    p, s, i = pos["JJ"]
                    self.annotate(w + "ly", "RB", p, s, i)


@lru_cache(maxsize=1)
def textblob_lexicon() -> dict[str, dict]:
    """TextBlob's English sentiment lexicon, as ``textblob.en.sentiment`` holds it once loaded:
    word -> {part of speech or None: (polarity, subjectivity, intensity)}."""
    sentiment = _english_sentiment()
    len(sentiment)  # a lazy dict: loads the XML and adds the adverbs
    return {word: dict(tags) for word, tags in dict.items(sentiment)}


def _english_sentiment() -> _EnglishSentiment:
    return _EnglishSentiment(
        path=str(SENTIMENT_XML),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=None,
        language="en",
    )


_SPLIT_PUNCTUATION = tuple(PUNCTUATION.replace(".", ""))
_TRAILING_PUNCTUATION = (*_SPLIT_PUNCTUATION, ".")
_REPLACEMENTS = tuple(replacements.items())
_QUOTE_SPACING = (("“", " “ "), ("”", " ” "), ("‘", " ‘ "), ("’", " ’ "), ("'", " ' "), ('"', ' " '))
_LINEBREAKS = re.compile(r"\n{2,}")
_SENTENCE_ENDS = frozenset(("...", ".", "!", "?", EOS))
_SENTENCE_TAIL = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", EOS))
_ASCII_PUNCTUATION = string.punctuation
_VADER_NEGATIONS = frozenset(NEGATE)
# Words before a lexicon word that _vader_negation reacts to (with any word holding "n't").
_VADER_NEGATION_TRIGGERS = _VADER_NEGATIONS | {"so", "this"}
# Second words of VADER's idioms and multi-word boosters: every 2- or 3-word sequence
# _vader_idioms looks up starts at i - 3 … i, so its second word is one of lower[i - 2 : i + 2].
_VADER_IDIOM_SECONDS = frozenset(
    key.split()[1] for key in (*SPECIAL_CASES, *BOOSTER_DICT) if len(key.split()) > 1
)


class _TextBlobTables(NamedTuple):
    untagged: dict[str, tuple[float, float, float]]  # word -> (polarity, subjectivity, intensity)
    modifiers: frozenset[str]  # words tagged with a modifier part of speech
    negations: frozenset[str]
    emoticons: dict[str, float]  # lower-cased emoticon -> polarity of its first mood
    cues: frozenset[str]  # every word the assessment loop reacts to when nothing is pending


@lru_cache(maxsize=1)
def _textblob_tables() -> _TextBlobTables:
    sentiment = _english_sentiment()
    lexicon = textblob_lexicon()
    emoticons: dict[str, float] = {}
    for (_mood, polarity), faces in EMOTICONS.items():
        for face in faces:
            emoticons.setdefault(face.lower(), polarity)
    untagged = {w: tuple(tags[None]) for w, tags in lexicon.items() if None in tags}
    negations = frozenset(sentiment.negations)
    counted_faces = {w for w in emoticons if w.isalpha() is False and len(w) <= 5 and w not in PUNCTUATION}
    return _TextBlobTables(
        untagged=untagged,
        modifiers=frozenset(w for w, tags in lexicon.items() if any(t in tags for t in sentiment.modifiers)),
        negations=negations,
        emoticons=emoticons,
        cues=frozenset(untagged) | negations | {"!", "(!)"} | counted_faces,
    )


def _spaced_emoticons() -> re.Pattern[str]:
    """Every emoticon of ``RE_EMOTICONS`` written with at least one space (": )", "> :D").

    ``RE_EMOTICONS`` only changes a sentence where it matches an emoticon written with spaces
    (it removes them). Sentences are runs of the tokens, so where this finds nothing in the
    tokens joined by spaces, no sentence is changed.

    The pattern is every such spelling written out (each gap between two characters with a
    space or not, at least one with a space) and arranged as a tree of shared beginnings, so
    that the search tries one branch per character instead of every emoticon at every "o".
    """
    spellings = set()
    for face in {face for group in EMOTICONS.values() for face in group}:
        for spaces in itertools.product(("", " "), repeat=len(face) - 1):
            if " " in spaces:
                spellings.add(face[0] + "".join(g + c for g, c in zip(spaces, face[1:], strict=True)))
    return re.compile(_prefix_tree_pattern(sorted(spellings)))


def _prefix_tree_pattern(strings: list[str]) -> str:
    """A regex matching exactly ``strings`` (sorted, none empty), branching on their first
    characters."""
    groups: dict[str, list[str]] = {}
    for spelling in strings:
        groups.setdefault(spelling[0], []).append(spelling[1:])
    branches = []
    for first, rests in groups.items():
        ends_here = "" in rests
        longer = [rest for rest in rests if rest]
        tail = _prefix_tree_pattern(longer) if longer else ""
        if tail and ends_here:
            tail = f"(?:{tail})?"
        branches.append(re.escape(first) + tail)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


_SPACED_EMOTICON = _spaced_emoticons()


def textblob_tokens(text: str) -> list[str]:
    """The lower-cased words TextBlob's sentiment scores: ``" ".join(tokenizer(text)).split()``.

    Same steps as ``textblob._text.find_tokens``: contractions split, quotes spaced, whitespace
    collapsed, leading and trailing punctuation split (abbreviations keep their period),
    sentence ends found, ``(!)`` and spaced emoticons re-joined within each sentence. Where no
    sentence can hold a spaced ``(!)`` or emoticon, the sentence ends change nothing and the
    words are the tokens lower-cased, without TextBlob's end-of-sentence marks.
    """
    # Every contraction replaced and every quote spaced holds ' or " or is not ASCII.
    if "'" in text or '"' in text or not text.isascii():
        for old, new in _REPLACEMENTS:
            if old in text:
                text = text.replace(old, new)
        for old, new in _QUOTE_SPACING:
            if old in text:
                text = text.replace(old, new)
    if "\n" in text:
        text = _LINEBREAKS.sub(f" {EOS} ", text.replace("\r\n", "\n"))
    parts = text.split()  # the same runs as splitting on "\\s+" (tests check every character)
    tokens: list[str] = []
    done = 0
    # Only tokens with punctuation need a closer look (PUNCTUATION is ASCII, never alphanumeric).
    for k in [k for k, t in enumerate(parts) if not t.isalnum()]:
        tokens.extend(parts[done:k])
        done = k + 1
        split = _PIECES.get(parts[k])
        if split is None:
            split = _split_punctuation(parts[k])
            if len(_PIECES) < _PIECES_LIMIT:
                _PIECES[parts[k]] = split
        tokens.extend(split)
    tokens.extend(parts[done:])
    joined = " ".join([t for t in tokens if t != EOS] if EOS in text else tokens)
    if _SPACED_EMOTICON.search(joined) is None and ("!" not in joined or RE_SARCASM.search(joined) is None):
        return joined.lower().split()
    return _sentence_words(tokens)


# A whitespace-separated piece with punctuation -> its tokens. Splitting depends on the piece
# alone, and the same pieces ("said,", "Kabul.") recur from article to article; the memo stops
# growing at _PIECES_LIMIT pieces (a few MB).
_PIECES: dict[str, tuple[str, ...]] = {}
_PIECES_LIMIT = 50_000


def _split_punctuation(t: str) -> tuple[str, ...]:
    """``find_tokens``' split of one piece: leading and trailing punctuation off, "..." kept
    together, a final period kept on abbreviations ("U.S.", "Gen.")."""
    tokens = []
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
    return tuple(tokens)


def _sentence_words(tokens: list[str]) -> list[str]:
    """TextBlob's sentence split of ``tokens``, each sentence joined, its ``(!)`` and spaced
    emoticons re-joined, lower-cased and split again."""
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
    on untagged, lower-cased ``words``: same assessments, same order, same numbers.

    A word that is not a *cue* (a lexicon word, a negation, "!", "(!)" or an emoticon the loop
    counts) changes nothing unless a modifier or negation is pending, so the loop jumps from cue
    to cue and only walks word by word while one is pending.
    """
    tables = _textblob_tables()
    untagged = tables.untagged
    if tables.cues.isdisjoint(words):
        return []
    cues = list(itertools.compress(range(len(words)), map(tables.cues.__contains__, words)))
    a: list[list] = []  # [polarity, subjectivity, intensity, negated]
    m: str | None = None
    n: str | None = None
    i = next_cue = 0
    count = len(words)
    while True:
        if m is None and n is None:
            next_cue = bisect.bisect_left(cues, i, next_cue)
            if next_cue == len(cues):
                break
            i = cues[next_cue]
        elif i >= count:
            break
        w = words[i]
        i += 1
        scores = untagged.get(w)
        if scores is not None:
            p, s, intensity = scores
            if m is None:
                a.append([p, s, intensity, False])
            else:
                last = a[-1]
                last[0] = max(-1.0, min(p * last[2], +1.0))
                last[1] = max(-1.0, min(s * last[2], +1.0))
                last[2] = intensity
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


def vader_compound(text: str) -> float:
    """VADER's compound score (-1 … 1) of ``text``; 0.0 for empty text.

    A text with no emoji and none of whose words (split and stripped as VADER does) is in the
    lexicon scores exactly 0 and is not passed through VADER. A text with no emoji skips VADER's
    character-by-character emoji replacement, which would return it unchanged.
    """
    lexicon, emojis = _vader_vocabulary()
    parts = text.split()
    if text.isascii():
        # No emoji is ASCII, and ASCII lower-casing maps letter to letter, one by one, leaving
        # punctuation alone: lowering the text first splits and strips to the same lower words.
        # (stripping leaves a word of letters and digits as it is)
        lower = [w if w.isalnum() else _vader_word(w) for w in text.lower().split()]
    elif not emojis.isdisjoint(text):
        return float(_vader().polarity_scores(text)["compound"])
    else:
        # Lower-cased as VADER does, joined: Greek capital sigma lowers by its context.
        lower = " ".join([_vader_word(w) for w in parts]).lower().split(" ")
    hits = list(itertools.compress(range(len(lower)), map(lexicon.__contains__, lower)))
    if not hits:
        return 0.0
    analyzer = _vader()
    sentiments = _vader_valences(analyzer, parts, lower, hits)
    _vader_but(lower, sentiments)
    # SentimentIntensityAnalyzer.score_valence, the compound part
    total = float(sum(sentiments))
    emphasis = analyzer._punctuation_emphasis(text.strip())
    if total > 0:
        total += emphasis
    elif total < 0:
        total -= emphasis
    return round(vader_normalize(total), 4)


def _vader_word(word: str) -> str:
    """A word as VADER's ``SentiText`` keeps it: ASCII punctuation stripped from both ends,
    unless two characters or fewer would remain (then the word as written)."""
    stripped = word.strip(_ASCII_PUNCTUATION)
    return word if len(stripped) <= 2 else stripped


def _vader_valences(
    analyzer: SentimentIntensityAnalyzer, parts: list[str], lower: list[str], hits: list[int]
) -> list[float]:
    """The valences ``SentimentIntensityAnalyzer.polarity_scores`` computes for a text without
    emoji before its "but" rule. ``parts`` are the text's whitespace-separated pieces, ``lower``
    VADER's lower-cased words of them (:func:`_vader_word`), ``hits`` the positions of the lexicon
    words, the only ones whose valence can be other than 0.

    VADER's words in their own case are only needed where it tests them: ``isupper()`` gives the
    same answer on a piece as on the word stripped from it (stripping removes only uncased
    punctuation), and the one booster that is looked up is stripped here.

    The word loop of ``polarity_scores`` and ``sentiment_valence`` with their negation and idiom
    checks, adapted from vaderSentiment 3.3.2 (MIT licence): those lower-case the whole sentence
    again for every lexicon word; here it is lower-cased once. Same rules, same order, same
    numbers; ``scalar_inc_dec`` is VADER's own.
    """
    lexicon = analyzer.lexicon
    capitals = sum(map(str.isupper, parts))
    is_cap_diff = 0 < capitals < len(parts)  # allcap_differential(words)
    last = len(parts) - 1
    sentiments: list[float] = [0] * len(parts)
    # Checks that change nothing are skipped: scalar_inc_dec is 0 for a word that is not a
    # booster, _vader_negation needs a trigger word (one of the three before the lexicon word),
    # _vader_idioms a sequence whose second word is an idiom's.
    for i in hits:
        item = parts[i]
        item_lower = lower[i]
        if item_lower in BOOSTER_DICT or (i < last and item_lower == "kind" and lower[i + 1] == "of"):
            continue
        valence = lexicon[item_lower]
        if item_lower == "no" and i != last and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[item_lower] * N_SCALAR
        if item.isupper() and is_cap_diff:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        negates = any(w in _VADER_NEGATION_TRIGGERS or "n't" in w for w in lower[max(0, i - 3) : i])
        for start_i in range(3):
            if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                before = i - (start_i + 1)
                scalar = 0.0
                if lower[before] in BOOSTER_DICT:
                    scalar = scalar_inc_dec(_vader_word(parts[before]), valence, is_cap_diff)
                if start_i == 1 and scalar != 0:
                    scalar = scalar * 0.95
                if start_i == 2 and scalar != 0:
                    scalar = scalar * 0.9
                valence = valence + scalar
                if negates:
                    valence = _vader_negation(valence, lower, start_i, i)
                if start_i == 2 and not _VADER_IDIOM_SECONDS.isdisjoint(lower[i - 2 : i + 2]):
                    valence = _vader_idioms(valence, lower, i)
        valence = _vader_least(valence, lower, lexicon, i)
        sentiments[i] = valence
    return sentiments


def _vader_but(lower: list[str], sentiments: list[float]) -> None:
    """``SentimentIntensityAnalyzer._but_check``, in place, in time that grows with the non-zero
    valences rather than with the square of the words.

    VADER walks the list and, for each value, scales the *first* entry equal to it (×0.5 before
    the first "but", ×1.5 after). A zero only ever scales a zero, and a non-zero value never
    becomes zero, so the same walk over the non-zero entries alone leaves the same values.
    """
    if "but" not in lower:
        return
    but = lower.index("but")
    nonzero = [i for i, v in enumerate(sentiments) if v != 0]
    for position in nonzero:
        value = sentiments[position]
        first = next(i for i in nonzero if sentiments[i] == value)
        if first < but:
            sentiments[first] = value * 0.5
        elif first > but:
            sentiments[first] = value * 1.5


def _vader_negated(word: str) -> bool:
    """``vaderSentiment.negated([word])`` for a lower-case word."""
    return word in _VADER_NEGATIONS or "n't" in word


def _vader_negation(valence: float, lower: list[str], start_i: int, i: int) -> float:
    """``SentimentIntensityAnalyzer._negation_check`` over the lower-cased words."""
    if start_i == 0 and _vader_negated(lower[i - 1]):
        valence = valence * N_SCALAR
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _vader_negated(lower[i - 2]):
            valence = valence * N_SCALAR
    if start_i == 2:
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or (
            lower[i - 1] == "so" or lower[i - 1] == "this"
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _vader_negated(lower[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _vader_idioms(valence: float, lower: list[str], i: int) -> float:
    """``SentimentIntensityAnalyzer._special_idioms_check`` over the lower-cased words."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if sequence in SPECIAL_CASES:
            valence = SPECIAL_CASES[sequence]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _vader_least(valence: float, lower: list[str], lexicon: dict[str, float], i: int) -> float:
    """``SentimentIntensityAnalyzer._least_check`` over the lower-cased words."""
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence
