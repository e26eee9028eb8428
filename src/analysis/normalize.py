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
# The same mapping as (old, new) pairs: replacing only the characters present is much cheaper
# than translating every character, and gives the same text (no new character is an old one).
_QUOTE_PAIRS = tuple((chr(old), new) for old, new in _QUOTES.items())
# (what every match contains, pattern, replacement): a text without the first is not searched.
_SPECIAL_NEGATIONS = (
    ("an't", re.compile(r"\b([Cc])an't\b"), r"\1an not"),
    ("on't", re.compile(r"\b([Ww])on't\b"), r"\1ill not"),
    ("an't", re.compile(r"\b([Ss])han't\b"), r"\1hall not"),
    ("in't", re.compile(r"\b([Aa])in't\b"), r"\1m not"),
)
# "n't" in any case after a word character, at the end of a word: what r"\b(\w+)n't\b" with
# re.IGNORECASE finds, written so that the search starts from the n (much faster on long text).
_NT = re.compile(r"[nN](?<=\w[nN])'[tT]\b")
# Every pattern above needs "n't" in some case (re.IGNORECASE equates no other character with
# an ASCII n or t), so a text without one is left as it is without running them.
_NT_SPELLINGS = ("n't", "N'T", "n'T", "N't")


def normalize_quotes(text: str) -> str:
    """Curly quotes and apostrophes made straight; exotic spaces made plain (same length)."""
    if text.isascii():  # "`" is the one ASCII character the mapping changes
        return text.replace("`", "'") if "`" in text else text
    for old, new in _QUOTE_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def expand_negations(text: str) -> str:
    """ "n't" written out, so lexicons see the negation ("isn't great" -> "is not great")."""
    if not any(spelling in text for spelling in _NT_SPELLINGS):
        return text
    for needle, pattern, replacement in _SPECIAL_NEGATIONS:
        if needle in text:
            text = pattern.sub(replacement, text)
    return _NT.sub(" not", text)


def normalize_for_tone(text: str) -> str:
    """The text a lexicon scores: straight quotes, "n't" expanded, whitespace collapsed."""
    return " ".join(expand_negations(normalize_quotes(text)).split())
