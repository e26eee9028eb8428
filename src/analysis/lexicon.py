"""Part-of-speech tags from the Brill lexicon that ships with TextBlob (offline, ~94,000 words).

Used only for narrow checks where a word list cannot decide: is the last word of a speaker
phrase a verb ("As a phone rang, the announcer said")? Where is the first finite verb of a
sentence (its subject comes before it)? One tag per word: the most frequent in the Brown corpus
and the Penn Treebank; a word the lexicon does not know gets ``None``.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

# Located without importing TextBlob (whose import pulls in NLTK and SciPy, seconds of start-up).
_SPEC = importlib.util.find_spec("textblob")
LEXICON = Path(_SPEC.origin).parent / "en" / "en-lexicon.txt" if _SPEC and _SPEC.origin else Path()
FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


@cache
def _tags() -> dict[str, str]:
    tags: dict[str, str] = {}
    with LEXICON.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(";") or " " not in line:
                continue
            word, tag = line.split(" ", 1)
            tags.setdefault(word, tag.split()[0] if tag.split() else "")
    return tags


def tag(word: str) -> str | None:
    """The word's tag as written, else of its lower-case form, else None."""
    tags = _tags()
    return tags.get(word) or tags.get(word.lower())


def is_finite_verb(word: str) -> bool:
    """A past or present tense verb or a modal ("rang", "says", "would"), by its usual tag."""
    return tag(word) in FINITE_VERB_TAGS
