"""Tone towards one mention of an actor (target-dependent sentiment) in a news sentence.

The sentence tone in :mod:`analysis.sentiment` says how a sentence sounds; this module says how a
sentence treats one actor mentioned in it ("the Taliban", "Ahmad Massoud"). Every function takes
the raw sentence and the mention's character offsets into it (``start`` inclusive, ``end``
exclusive, as everywhere in the package). Offsets are clamped, never rejected (:func:`clamp_span`).

Three baselines, each measured on NewsMTSC by ``benchmarks/newsmtsc.py``, label with the same
neutral band: a score above ``+NEUTRAL_BAND`` (0.05) is 'positive', below ``-NEUTRAL_BAND``
'negative', anything in between, including exactly ±0.05, 'neutral':

* :func:`textblob_sentence_label`: TextBlob polarity of the whole normalised sentence;
* :func:`vader_sentence_label`: VADER compound of the whole normalised sentence;
* :func:`vader_window_label`: VADER compound of the normalised ±60-character :func:`window`.

The report's method is :func:`target_tone` (named by :data:`METHOD_NAME`): a multinomial logistic
regression trained offline on NewsMTSC ``train.jsonl`` (MIT licence, see
``models/NOTICE-newsmtsc.txt``) by ``benchmarks/train_target_tone.py`` and stored as plain JSON in
``models/target_tone.json``. Its features (:func:`features`) are the words and word pairs within
60 characters of the mention, with the mention itself replaced by ``<t>``, plus a few lexicon
features (VADER and TextBlob word scores of the window, its left and right halves and the whole
sentence). Inference is plain Python: no scikit-learn at run time; about 50 µs per mention once
the model (about 0.1 s to read) is cached.

Limits worth knowing when reading its output:

* The words inside the mention span are masked, so pass the actor's name, not a whole noun phrase:
  for "a notorious Taliban commander" the span "Taliban commander" lets "notorious" count, the
  span "a notorious Taliban commander" does not.
* It is a bag of words and word pairs around the mention. It does not parse who does what to
  whom, so two actors close together in one sentence often get the same tone ("Ahmad Massoud, the
  son of a legendary anti-Soviet commander, vowed to resist the Taliban" reads as positive towards
  both). NewsMTSC's multi-target dev split, where this matters most, is the weaker of its scores.
* NewsMTSC is English-language, mostly US political news; war reporting is outside its domain.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import MODELS_DIR
from .sentiment import textblob_scores, vader_compound

METHOD_NAME = "logreg_window60_v1"
"""Name of the report's target-tone method, as printed by the benchmark and stored in the model."""

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
"""Label order of the model's coefficient rows and of ties (the first listed wins a tie)."""

NEWSMTSC_POLARITY: dict[float, str] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
"""NewsMTSC's ``polarity`` values as labels."""

NEUTRAL_BAND = 0.05
"""Baseline scores with ``abs(score) <= NEUTRAL_BAND`` are labelled 'neutral'."""

WINDOW_WIDTH = 60
"""Characters either side of the mention in :func:`window` and :func:`vader_window_label`."""

MODEL_PATH = MODELS_DIR / "target_tone.json"
MODEL_FORMAT = 1
TARGET_TOKEN = "<t>"

# Words: letters/digits with inner hyphens, run on lowercased text in which "n't" was written out
# as " not" and curly quotes made straight; '"', "?" and "!" are tokens too. Other punctuation,
# apostrophes included, separates words ("taliban's" -> "taliban", "s").
_TOKEN = re.compile(r'[a-z0-9]+(?:-[a-z0-9]+)*+|["?!]')
_NEGATION_SCOPE = 3  # VADER's: a negation up to three words back flips a word's valence
_NEGATION_FACTOR = -0.74  # VADER's N_SCALAR
_VADER_ALPHA = 15.0  # VADER's normalisation constant: compound = s / sqrt(s^2 + alpha)
_COUNT_CAP = 5.0


# --------------------------------------------------------------------------------------------
# Offsets and windows


def clamp_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` made valid for ``sentence``: never raises.

    Each offset is clamped to ``0 … len(sentence)`` (a negative offset becomes 0, it is not counted
    from the end); an ``end`` before ``start`` becomes ``start`` (an empty mention at ``start``).
    """
    n = len(sentence)
    start = min(max(int(start), 0), n)
    end = min(max(int(end), start), n)
    return start, end


def window(sentence: str, start: int, end: int, width: int = WINDOW_WIDTH) -> str:
    """The raw text from ``width`` characters before the mention to ``width`` characters after it.

    The mention itself is included. The window is clipped at the sentence bounds (a mention at the
    start of the sentence has no left context) and may cut a word in half at either edge, as the
    published ±60-character VADER baseline does. Offsets are clamped by :func:`clamp_span`; a
    negative ``width`` counts as 0 (the window is then the mention alone). An empty sentence gives
    an empty window. Slice the raw sentence first and normalise the window afterwards:
    :func:`analysis.normalize.normalize_for_tone` can change the length of a text.
    """
    start, end = clamp_span(sentence, start, end)
    width = max(int(width), 0)
    return sentence[max(start - width, 0) : end + width]


# --------------------------------------------------------------------------------------------
# Baselines


def score_label(score: float, band: float = NEUTRAL_BAND) -> str:
    """'positive' above ``band``, 'negative' below ``-band``, 'neutral' within (bounds included)."""
    if score > band:
        return "positive"
    if score < -band:
        return "negative"
    return "neutral"


def textblob_sentence_label(sentence: str) -> str:
    """Baseline: TextBlob polarity of the normalised sentence, ±0.05 neutral band.

    The mention is ignored: every mention in a sentence gets the same label. An empty sentence
    scores 0 and is 'neutral'.
    """
    return score_label(textblob_scores(sentence)[0])


def vader_sentence_label(sentence: str) -> str:
    """Baseline: VADER compound of the normalised sentence, ±0.05 neutral band (VADER's own).

    The mention is ignored: every mention in a sentence gets the same label. An empty sentence
    scores 0 and is 'neutral'.
    """
    return score_label(vader_compound(sentence))


def vader_window_label(sentence: str, start: int, end: int, width: int = WINDOW_WIDTH) -> str:
    """Baseline: VADER compound of the normalised :func:`window` (±60 characters), ±0.05 band.

    Offsets are clamped as in :func:`window`; an empty window scores 0 and is 'neutral'.
    """
    return score_label(vader_compound(window(sentence, start, end, width)))


# --------------------------------------------------------------------------------------------
# Features (shared by inference and by benchmarks/train_target_tone.py)


def tokens(text: str) -> list[str]:
    """Lowercased word tokens of a raw text as the model sees them.

    "n't" becomes a separate "not" ("didn't" -> "did", "not"; "can't" -> "ca", "not"); curly
    double quotes and apostrophes count as straight ones. Punctuation other than '"', '?' and '!'
    is dropped. An empty text gives no tokens.
    """
    text = text.lower()
    if "’" in text:
        text = text.replace("’", "'")
    if "“" in text or "”" in text:
        text = text.replace("“", '"').replace("”", '"')
    return _TOKEN.findall(text.replace("n't", " not"))


@lru_cache(maxsize=1)
def _lexicons() -> tuple[dict[str, float], dict[str, float], frozenset[str]]:
    """VADER valences, TextBlob polarities (non-zero, POS-free entries) and VADER's negations."""
    from vaderSentiment.vaderSentiment import NEGATE, SentimentIntensityAnalyzer

    from .tone_lexicons import textblob_lexicon as textblob_entries

    vader = {str(w): float(v) for w, v in SentimentIntensityAnalyzer().lexicon.items()}
    textblob_lexicon = textblob_entries()
    textblob = {
        str(w): float(entry[None][0])
        for w, entry in textblob_lexicon.items()
        if None in entry and entry[None][0] != 0
    }
    return vader, textblob, frozenset(NEGATE) | {"not"}


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[float, float]]:
    """Word -> (VADER valence, TextBlob polarity), 0.0 for the lexicon that lacks the word."""
    vader, textblob, _ = _lexicons()
    return {w: (vader.get(w, 0.0), textblob.get(w, 0.0)) for w in sorted({*vader, *textblob})}


def lexicon_fingerprint() -> str:
    """sha256 of the lexicon entries the features use; the model records the one it saw."""
    vader, textblob, negations = _lexicons()
    digest = hashlib.sha256()
    for name, table in (("vader", vader), ("textblob", textblob)):
        for word in sorted(table):
            digest.update(f"{name}\t{word}\t{table[word]:.6g}\n".encode())
    for word in sorted(negations):
        digest.update(f"negate\t{word}\n".encode())
    return digest.hexdigest()


def _lexicon_hits(toks: Sequence[str]) -> list[tuple[int, float, float]]:
    """``(index, VADER valence, TextBlob polarity)`` of each token found in either lexicon.

    A VADER valence is scaled by -0.74 when one of the three tokens before it is a negation (as
    VADER does; "<t>" counts as a token). TextBlob polarities are taken as listed.
    """
    lexicon = _lexicon()
    negations = _lexicons()[2]
    hits = []
    for i, tok in enumerate(toks):
        if tok in lexicon:
            valence, polarity = lexicon[tok]
            if valence and not negations.isdisjoint(toks[max(i - _NEGATION_SCOPE, 0) : i]):
                valence *= _NEGATION_FACTOR
            hits.append((i, valence, polarity))
    return hits


def _lexicon_summary(hits: Iterable[tuple[int, float, float]], prefix: str, out: dict[str, float]) -> None:
    """Four scores of a stretch of tokens' lexicon hits, written into ``out``; 0 without hits.

    ``vader``: the valences summed and squashed into -1 … 1 as VADER's compound is (s / sqrt(s²
    + 15)); ``vader_pos``/``vader_neg``: how many positive/negative valences, capped at 5 and
    divided by 5; ``textblob``: mean of the non-zero TextBlob polarities.
    """
    total = tb_sum = 0.0
    n_pos = n_neg = tb_n = 0
    for _, valence, polarity in hits:
        total += valence
        if valence > 0:
            n_pos += 1
        elif valence < 0:
            n_neg += 1
        if polarity:
            tb_sum += polarity
            tb_n += 1
    out[prefix + "vader"] = total / math.sqrt(total * total + _VADER_ALPHA)
    out[prefix + "vader_pos"] = min(n_pos, _COUNT_CAP) / _COUNT_CAP
    out[prefix + "vader_neg"] = min(n_neg, _COUNT_CAP) / _COUNT_CAP
    out[prefix + "textblob"] = tb_sum / tb_n if tb_n else 0.0


def context_tokens(
    sentence: str, start: int, end: int, width: int = WINDOW_WIDTH
) -> tuple[list[str], list[str]]:
    """Tokens left and right of the mention within ``width`` characters, mention excluded.

    A word cut by the window edge is dropped (unlike :func:`window`, which keeps the fragment, so
    that "unhappy" cut to "happy" does not count). Offsets are clamped by :func:`clamp_span`.
    """
    start, end = clamp_span(sentence, start, end)
    width = max(int(width), 0)
    lo = max(start - width, 0)
    hi = min(end + width, len(sentence))
    left = tokens(sentence[lo:start])
    right = tokens(sentence[end:hi])
    if left and lo > 0 and sentence[lo - 1].isalnum() and sentence[lo].isalnum():
        left = left[1:]
    if right and hi < len(sentence) and sentence[hi - 1].isalnum() and sentence[hi].isalnum():
        right = right[:-1]
    return left, right


def features(sentence: str, start: int, end: int, width: int = WINDOW_WIDTH) -> dict[str, float]:
    """The model's input for one mention: feature name -> value (see :func:`_features`)."""
    return _features(sentence, start, end, width)[0]


def _features(
    sentence: str, start: int, end: int, width: int = WINDOW_WIDTH
) -> tuple[dict[str, float], bool]:
    """``(features, has_context)``: the model's input and whether any word surrounds the mention.

    * ``w:<word>`` = 1 for each word within ``width`` characters either side of the mention
      (:func:`context_tokens`);
    * ``b:<word> <word>`` = 1 for each adjacent pair in left words + ``<t>`` + right words, so
      pairs such as "b:<t> said" or "b:killed <t>" keep the mention's place;
    * ``lex:win_*``, ``lex:left_*``, ``lex:right_*``: the four scores of :func:`_lexicon_summary`
      over that token sequence, its left and its right part (negation may reach across ``<t>``);
    * ``lex:sent_*``: the same over all tokens of the sentence, the mention's own words included.

    The mention's words are never ``w:``/``b:`` features (an actor's name carries no tone of its
    own). Offsets are clamped by :func:`clamp_span`. An empty sentence gives only lexicon
    features, all 0.
    """
    left, right = context_tokens(sentence, start, end, width)
    out: dict[str, float] = {}
    for tok in left:
        out["w:" + tok] = 1.0
    for tok in right:
        out["w:" + tok] = 1.0
    seq = [*left, TARGET_TOKEN, *right]
    for a, b in itertools.pairwise(seq):
        out[f"b:{a} {b}"] = 1.0
    hits = _lexicon_hits(seq)
    n = len(left)
    _lexicon_summary(hits, "lex:win_", out)
    _lexicon_summary([h for h in hits if h[0] < n], "lex:left_", out)
    _lexicon_summary([h for h in hits if h[0] > n], "lex:right_", out)
    _lexicon_summary(_lexicon_hits(tokens(sentence)), "lex:sent_", out)
    return out, bool(left or right)


# --------------------------------------------------------------------------------------------
# The stored model


class TargetToneModel:
    """A multinomial logistic regression over :func:`features`, read from JSON.

    ``weights`` maps a feature name to its three coefficients (``LABELS`` order); features the
    model never saw are ignored. ``width`` is the context width it was trained with.
    """

    def __init__(self, payload: dict[str, Any]) -> None:
        """Check and unpack a parsed model; ``ValueError`` on another format or a missing field."""
        if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
            raise ValueError("not a target-tone model of format 1")
        if tuple(payload.get("labels", ())) != LABELS:
            raise ValueError(f"unexpected label order in model: {payload.get('labels')!r}")
        try:
            self.method: str = str(payload["method"])
            self.width: int = int(payload["features"]["width"])
            b = payload["intercept"]
            self.intercept: tuple[float, float, float] = (float(b[0]), float(b[1]), float(b[2]))
            self.weights: dict[str, tuple[float, float, float]] = {
                str(name): (float(c[0]), float(c[1]), float(c[2])) for name, c in payload["weights"].items()
            }
            self.lexicon_sha256: str = str(payload["features"]["lexicon_sha256"])
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"malformed target-tone model: {exc!r}") from exc

    @classmethod
    def from_path(cls, path: Path) -> TargetToneModel:
        """Read a model written by ``benchmarks/train_target_tone.py``.

        Raises ``FileNotFoundError`` when the file is missing and ``ValueError`` when it is not a
        model of this format. Warns (does not fail) when the installed VADER/TextBlob lexicons
        differ from the ones the model was trained with.
        """
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
        model = cls(payload)
        if model.lexicon_sha256 != lexicon_fingerprint():
            warnings.warn(
                f"{path}: the installed VADER/TextBlob lexicons differ from the ones this model "
                "was trained with; its lexicon features may be off",
                stacklevel=2,
            )
        return model

    def probabilities(self, feats: dict[str, float]) -> tuple[float, float, float]:
        """Softmax probabilities (``LABELS`` order) for a feature dict."""
        s0, s1, s2 = self.intercept
        weights = self.weights
        for name, value in feats.items():
            w = weights.get(name)
            if w is not None and value:
                s0 += w[0] * value
                s1 += w[1] * value
                s2 += w[2] * value
        top = max(s0, s1, s2)
        e0, e1, e2 = math.exp(s0 - top), math.exp(s1 - top), math.exp(s2 - top)
        total = e0 + e1 + e2
        return e0 / total, e1 / total, e2 / total

    def predict(self, sentence: str, start: int, end: int) -> tuple[str, float]:
        """``(label, P(positive) - P(negative))`` for one mention; see :func:`target_tone`."""
        feats, has_context = _features(sentence, start, end, self.width)
        if not has_context:
            return "neutral", 0.0
        p = self.probabilities(feats)
        best = max(range(3), key=lambda i: (p[i], -i))
        return LABELS[best], round(p[2] - p[0], 6)


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> TargetToneModel:
    """The stored model (``models/target_tone.json`` by default), read once and cached."""
    return TargetToneModel.from_path(MODEL_PATH if path is None else Path(path))


def target_tone(sentence: str, start: int, end: int) -> tuple[str, float]:
    """The report's tone towards the mention ``sentence[start:end]``: ``(label, score)``.

    ``label`` is 'negative', 'neutral' or 'positive' (the most probable class; a tie goes to the
    earlier of negative, neutral, positive) and ``score`` is P(positive) - P(negative) in -1 … 1,
    rounded to 6 decimals. The model is read on the first call and cached. Offsets are clamped by
    :func:`clamp_span`. When no token is left within the window once the mention is masked (an
    empty sentence, a sentence that is only the mention), there is no evidence and the result is
    ``('neutral', 0.0)`` rather than the training prior. Raises ``FileNotFoundError`` if the
    model file is missing from the installation.
    """
    return load_model().predict(sentence, start, end)


# --------------------------------------------------------------------------------------------
# NewsMTSC helpers (benchmarks and training)


def read_newsmtsc(path: Path) -> Iterator[tuple[str, int, int, str]]:
    """``(sentence, from, to, label)`` for every target of a NewsMTSC ``.jsonl`` file, in order.

    ``sentence`` is ``sentence_normalized`` as stored; ``label`` maps polarity 2/4/6 to
    negative/neutral/positive. ``further_mentions`` are ignored. Raises ``KeyError`` on an
    unknown polarity and ``FileNotFoundError`` when the file is missing. Blank lines are skipped.
    """
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            sentence = record["sentence_normalized"]
            for target in record["targets"]:
                label = NEWSMTSC_POLARITY[float(target["polarity"])]
                yield sentence, int(target["from"]), int(target["to"]), label


def f1_per_class(
    gold: Iterable[str], predicted: Iterable[str], labels: Sequence[str] = LABELS
) -> dict[str, float]:
    """F1 of each label (one-vs-rest); 0.0 for a label neither predicted nor in the gold data.

    Raises ``ValueError`` when the two sequences differ in length.
    """
    gold, predicted = list(gold), list(predicted)
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    scores = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        n_gold = sum(g == label for g in gold)
        n_pred = sum(p == label for p in predicted)
        scores[label] = 2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0
    return scores


def f1_macro(gold: Iterable[str], predicted: Iterable[str], labels: Sequence[str] = LABELS) -> float:
    """Unweighted mean of :func:`f1_per_class` over ``labels`` (NewsMTSC's F1m); 0.0 if empty."""
    per_class = f1_per_class(gold, predicted, labels)
    return sum(per_class.values()) / len(per_class) if per_class else 0.0
