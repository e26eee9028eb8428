"""Normalise sentence text for lexicon scoring, without moving any offset.

Offsets in every table refer to the raw text; normalised text is only ever scored, never sliced.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_SPECIAL_NEGATIONS = (
    (re.compile(r"\b([Cc])an't\b"), r"\1an not"),
    (re.compile(r"\b([Ww])on't\b"), r"\1ill not"),
    (re.compile(r"\b([Ss])han't\b"), r"\1hall not"),
    (re.compile(r"\b([Aa])in't\b"), r"\1m not"),
)
_NT = re.compile(r"\b(\w+)n't\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalize_quotes(text: str) -> str:
    """Curly quotes and apostrophes made straight; exotic spaces made plain (same length)."""
    return text.translate(_QUOTES)


def expand_negations(text: str) -> str:
    """ "n't" written out, so lexicons see the negation ("isn't great" -> "is not great")."""
    if "'" not in text:  # every pattern needs a straight apostrophe
        return text
    for pattern, replacement in _SPECIAL_NEGATIONS:
        text = pattern.sub(replacement, text)
    return _NT.sub(lambda m: f"{m.group(1)} not", text)


def normalize_for_tone(text: str) -> str:
    """The text a lexicon scores: straight quotes, "n't" expanded, whitespace collapsed."""
    return _SPACE.sub(" ", expand_negations(normalize_quotes(text))).strip()
