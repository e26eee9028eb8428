"""Codebook terms as patterns that know when they cannot match.

A codebook term is a whole-word, case-insensitive literal ("Northern Alliance") or, with the
``re:`` prefix, a regular expression. :func:`compile_terms` joins terms into one pattern, longest
literal first. Scanning every sentence of a large corpus with dozens of such alternations costs
more than everything else the pipeline does, although most sentences contain none of the terms.

A :class:`TermPattern` therefore carries *keys*: lower-case literals one of which every match
must contain. :meth:`TermPattern.may_occur_in` tests them with ``in`` on :func:`fold_for_keys` of
the text, and only a text that passes is searched. The test never rejects a text the pattern
matches: keys come only from ASCII literal terms, and ``fold_for_keys`` maps every character
that ``re.IGNORECASE`` equates with an ASCII letter to that letter. A pattern with any ``re:`` or
non-ASCII term has no keys and is always searched.

Most keys are also *word keys*: a run of word characters that every match holds as a whole
word (the term's own word boundaries, or the spaces between its words, surround it). Those are
tested by set membership against :func:`key_words` of the text, which is much cheaper than one
substring search per key. ``fold_for_keys`` maps each character to one character and keeps
whether it is a word character (tests check every character), so a whole word of a match is a
whole word of the folded text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# The only non-ASCII characters re.IGNORECASE matches with an ASCII letter (dotted and dotless
# i, long s, Kelvin sign; tests check this against the re module over every cased character).
# fold_for_keys maps them; where one occurs, the codebook's word-presence shortcuts are skipped.
ASCII_CASE_TWINS = {"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"}
HAS_ASCII_CASE_TWIN = re.compile(f"[{''.join(ASCII_CASE_TWINS)}]")
NEVER = r"(?!x)x"
_WORD = re.compile(r"\w+")


def fold_for_keys(text: str) -> str:
    """``text`` lower-cased for :meth:`TermPattern.may_occur_in`, its ASCII case twins mapped
    first (İ would otherwise lower-case to two characters)."""
    if not text.isascii():
        for twin, letter in ASCII_CASE_TWINS.items():
            if twin in text:
                text = text.replace(twin, letter)
    return text.lower()


def key_words(folded: str) -> set[str]:
    """The whole words of a folded text, for :meth:`TermPattern.may_occur`."""
    return set(_WORD.findall(folded))


def term_regex(term: str) -> str:
    """Regex source for one term: ``re:`` terms as written, others as whole-word literals
    (any run of whitespace between words)."""
    if term.startswith("re:"):
        return f"(?:{term[3:]})"
    escaped = r"\s+".join(re.escape(part) for part in term.split())
    left = r"(?<!\w)" if term[:1].isalnum() or term[:1] == "_" else ""
    right = r"(?!\w)" if term[-1:].isalnum() or term[-1:] == "_" else ""
    return f"{left}{escaped}{right}"


def _term_key(term: str) -> tuple[str, bool] | None:
    """The term's key (its longest lower-case word) and whether ``term_regex(term)`` only
    matches it as a whole word; None for a regular expression, a non-ASCII or an empty term."""
    words = term.lower().split()
    if term.startswith("re:") or not term.isascii() or not words:
        return None
    key = max(words, key=lambda w: (len(w), w))
    if _WORD.fullmatch(key) is None:
        return key, False
    for i, word in enumerate(words):
        left = i > 0 or term[:1].isalnum() or term[:1] == "_"
        right = i < len(words) - 1 or term[-1:].isalnum() or term[-1:] == "_"
        if word == key and left and right:
            return key, True
    return key, False


def term_keys(terms: Iterable[str]) -> tuple[str, ...] | None:
    """Lower-case literals one of which any match of the terms contains (each term's longest
    word), or None when a term is a regular expression or not ASCII. No terms: no keys."""
    keys = set()
    for term in terms:
        found = _term_key(term)
        if found is None:
            return None
        keys.add(found[0])
    return tuple(sorted(keys))


def word_keys(terms: Iterable[str]) -> frozenset[str]:
    """The keys that every term they come from holds as a whole word (see the module doc);
    empty when the terms have no keys."""
    found = [_term_key(term) for term in terms]
    if any(f is None for f in found):
        return frozenset()
    return frozenset(k for k, _ in found) - {k for k, bounded in found if not bounded}


@dataclass(frozen=True, eq=False)
class TermPattern:
    """A compiled term pattern (``regex``) and its ``keys`` (None: no shortcut), split into
    ``word_keys`` and ``text_keys`` for :meth:`may_occur`.

    Offers the ``re.Pattern`` calls the pipeline uses, so it can stand where a pattern did.
    """

    regex: re.Pattern[str]
    keys: tuple[str, ...] | None
    word_keys: frozenset[str] = frozenset()  # keys always matched as whole words
    text_keys: tuple[str, ...] = ()  # the other keys

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def may_occur_in(self, folded: str) -> bool:
        """False only when no match can exist in the text ``folded`` was made from."""
        return self.keys is None or any(key in folded for key in self.keys)

    def may_occur(self, folded: str, words: set[str]) -> bool:
        """:meth:`may_occur_in`, with ``words`` = :func:`key_words` of ``folded``: word keys are
        looked up in ``words``, the others searched in ``folded``."""
        if self.keys is None or not self.word_keys.isdisjoint(words):
            return True
        return any(key in folded for key in self.text_keys)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, pos, endpos)


def compile_terms(terms: Iterable[str]) -> TermPattern:
    """One case-insensitive pattern for ``terms``; longest literal first so it wins a tie.
    No terms give a pattern that never matches."""
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    source = "|".join(term_regex(t) for t in unique) if unique else NEVER
    keys = term_keys(unique)
    words = word_keys(unique)
    others = tuple(k for k in keys or () if k not in words)
    return TermPattern(re.compile(source, re.IGNORECASE), keys, words, others)
